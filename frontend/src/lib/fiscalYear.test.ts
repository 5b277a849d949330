import { latestYearWithData } from './fiscalYear';

const y = (year: number, appropriated_vnd = 0, committed_vnd = 0) => ({ year, appropriated_vnd, allocated_vnd: 0, committed_vnd, disbursed_vnd: 0 });

describe('latestYearWithData', () => {
  it('opens on the latest year with money up to now, not on an empty current year', () => {
    expect(latestYearWithData([y(2016, 1), y(2020, 5), y(2026)], 2026)).toBe(2020);
    expect(latestYearWithData([y(2019, 0, 3), y(2018, 1)], 2026)).toBe(2019);
  });
  it('falls back to the earliest future year with money, then to the current year', () => {
    expect(latestYearWithData([y(2028, 1), y(2027, 1)], 2026)).toBe(2027);
    expect(latestYearWithData([], 2026)).toBe(2026);
  });
});
