import { formatBytes, formatDate, formatDateTime, formatVnd, formatVndShort } from './format';

const nbsp = (s: string) => s.replace(/\u00a0|\u202f/g, ' ');

describe('formatVnd', () => {
  it('formats integer VND the Vietnamese way', () => {
    expect(nbsp(formatVnd(4_500_000_000))).toBe('4.500.000.000 ₫');
    expect(nbsp(formatVnd(0))).toBe('0 ₫');
    expect(nbsp(formatVnd(35_000_000))).toBe('35.000.000 ₫');
  });
  it('shows a dash for missing amounts', () => {
    expect(formatVnd(null)).toBe('—');
    expect(formatVnd(undefined)).toBe('—');
  });
  it('has a compact form for chart axes', () => {
    expect(formatVndShort(4_500_000_000)).toBe('4,5 tỷ');
    expect(formatVndShort(300_000_000)).toBe('300 tr');
    expect(formatVndShort(4_500_000_000, 'en')).toBe('4,5 bn');
  });
});

describe('formatDate', () => {
  it('turns API dates into dd/mm/yyyy without time-zone drift', () => {
    expect(formatDate('2016-07-20')).toBe('20/07/2016');
    expect(formatDate('2025-01-01')).toBe('01/01/2025');
  });
  it('formats Date objects and timestamps', () => {
    expect(formatDate(new Date(2017, 0, 22))).toBe('22/01/2017');
    expect(formatDateTime(new Date(2024, 4, 6, 9, 5).toISOString())).toBe('06/05/2024 09:05');
  });
  it('shows a dash for empty or invalid values', () => {
    expect(formatDate(null)).toBe('—');
    expect(formatDate('not a date')).toBe('—');
  });
});

describe('formatBytes', () => {
  it('writes a small file in bytes, then KB and MB', () => {
    expect(nbsp(formatBytes(45))).toBe('45 byte');
    expect(nbsp(formatBytes(2048))).toBe('2 KB');
    expect(nbsp(formatBytes(1500 * 1024))).toBe('1,5 MB');
  });
});
