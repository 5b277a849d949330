import { describe, expect, it } from 'vitest';
import { costProblems, costTotals, emptyRow, lineAmount, toCostLines } from './costs';

const row = (quantity: number, unit_price_vnd: number, support_vnd: number, counterpart_vnd: number, is_management = false) => ({
  ...emptyRow(),
  item: 'Máy phun sơn',
  unit: 'cái',
  quantity,
  unit_price_vnd,
  support_vnd,
  counterpart_vnd,
  is_management,
});

describe('lineAmount', () => {
  it('multiplies exactly with two-decimal quantities', () => {
    expect(lineAmount({ quantity: 2.5, unit_price_vnd: 1_000_000 })).toBe(2_500_000);
    expect(lineAmount({ quantity: 0.1, unit_price_vnd: 30 })).toBe(3);
    expect(lineAmount({ quantity: 0.33, unit_price_vnd: 10 })).toBeNull(); // 3,3 đồng: not whole
    expect(lineAmount({ quantity: '', unit_price_vnd: 5 })).toBe(0);
  });
});

describe('costTotals and costProblems', () => {
  const rows = [row(2, 200_000_000, 200_000_000, 200_000_000), row(1, 200_000_000, 95_000_000, 105_000_000), row(1, 5_000_000, 5_000_000, 0, true)];

  it('adds up the three running totals and the management line', () => {
    expect(costTotals(rows)).toEqual({ total_cost_vnd: 605_000_000, requested_support_vnd: 300_000_000, counterpart_vnd: 305_000_000, management_vnd: 5_000_000 });
  });

  it('agrees with the project when the sums are its amounts', () => {
    expect(costProblems(rows, { total_cost_vnd: 605_000_000, requested_support_vnd: 300_000_000, counterpart_vnd: 305_000_000 })).toEqual([]);
  });

  it('names each amount that differs, a line whose support is above its amount, and keeps management at 2.5%', () => {
    const problems = costProblems([...rows, row(1, 10, 20, 0)], { total_cost_vnd: 600_000_000, requested_support_vnd: 200_000_000, counterpart_vnd: 305_000_000 });
    expect(problems).toEqual([
      { kind: 'supportAbove', row: 4, support: 20, amount: 10 },
      { kind: 'mismatch', field: 'total_cost_vnd', lines: 605_000_010, project: 600_000_000 },
      { kind: 'mismatch', field: 'requested_support_vnd', lines: 300_000_020, project: 200_000_000 },
      // 5 000 000 of management is exactly 2.5% of 200 000 000: allowed
    ]);
  });

  it('no rows: no estimate, nothing to agree with', () => {
    expect(costProblems([], { total_cost_vnd: 1, requested_support_vnd: 1, counterpart_vnd: 0 })).toEqual([]);
    expect(toCostLines([])).toBeNull();
  });

  it('management support above 2.5% of the requested support is refused', () => {
    const lines = [row(1, 100_000_000, 60_000_000, 40_000_000), row(1, 2_000_000, 2_000_000, 0, true)];
    expect(costProblems(lines, { total_cost_vnd: 102_000_000, requested_support_vnd: 62_000_000, counterpart_vnd: 40_000_000 })).toEqual([
      { kind: 'managementOver', amount: 2_000_000, cap: 1_550_000 },
    ]);
  });
});
