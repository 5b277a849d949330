import { formatDate, formatShortVnd, formatVnd, percent } from './format';
import { beneficiaryText } from './pages/Projects';
import type { PublicProject } from './api';

test('figures are written the Vietnamese way', () => {
  expect(formatVnd(1234567890)).toBe('1.234.567.890 đ');
  expect(formatShortVnd(1_500_000_000)).toBe('1,5 tỷ');
  expect(formatShortVnd(350_000_000)).toBe('350 triệu');
  expect(percent(1, 3)).toBe('33,3%');
  expect(percent(1, 0)).toBe('—');
  expect(formatDate('2026-01-22')).toBe('22/01/2026');
});

test('a household business is named by its kind and trade, an enterprise by its name', () => {
  const base = { code: 'KC-2026-0001' } as PublicProject;
  const household = { ...base, beneficiary: { kind: 'household_business', name: null, trade_name: 'Sản xuất gốm' } } as PublicProject;
  const firm = { ...base, beneficiary: { kind: 'enterprise', name: 'Công ty Gốm Minh Long', trade_name: null } } as PublicProject;
  expect(beneficiaryText(household)).toBe('Hộ kinh doanh – Sản xuất gốm');
  expect(beneficiaryText(firm)).toBe('Công ty Gốm Minh Long');
  expect(beneficiaryText({ ...base, beneficiary: null } as PublicProject)).toBe('—');
});
