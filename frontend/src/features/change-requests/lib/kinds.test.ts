import { describe, expect, it } from 'vitest';
import { changesOf, changeValueText, sortRequests, type ChangeValueFormat } from './kinds';

describe('changesOf', () => {
  it('keeps only the kind’s fields that were filled in, money as a number', () => {
    expect(changesOf('budget', { approved_support_vnd: '350000000', end_on: '2017-12-31' })).toEqual({ approved_support_vnd: 350_000_000 });
    expect(changesOf('schedule', { start_on: null, end_on: '2017-12-31' })).toEqual({ end_on: '2017-12-31' });
    expect(changesOf('content', { title: '  ', objectives: ' Mở rộng thị trường ' })).toEqual({ objectives: 'Mở rộng thị trường' });
  });
});

describe('sortRequests', () => {
  it('puts pending requests first, then the newest', () => {
    const rows = [
      { id: 'a', status: 'approved', requested_at: '2017-05-01T00:00:00+00:00' },
      { id: 'b', status: 'pending', requested_at: '2017-04-01T00:00:00+00:00' },
      { id: 'c', status: 'rejected', requested_at: '2017-06-01T00:00:00+00:00' },
    ];
    expect(sortRequests(rows).map((r) => r.id)).toEqual(['b', 'c', 'a']);
  });
});

describe('changeValueText', () => {
  const f: ChangeValueFormat = {
    vnd: (n) => `${n} đ`,
    date: (iso) => `d(${iso})`,
    kpi: (code) => (code === 'trainees' ? 'Số học viên' : code),
  };
  it('writes money, dates and KPIs out', () => {
    expect(changeValueText('approved_support_vnd', 350_000_000, f)).toBe('350000000 đ');
    expect(changeValueText('end_on', '2017-12-31', f)).toBe('d(2017-12-31)');
    expect(changeValueText('planned_kpis', { trainees: 30, energy: { baseline: 100, result: 80 } }, f)).toBe('Số học viên: 30; energy: 100 → 80');
    expect(changeValueText('title', 'Tên mới', f)).toBe('Tên mới');
  });
});
