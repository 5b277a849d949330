import { describe, expect, it } from 'vitest';
import type { LegendPayload } from 'recharts';
import { legendInSeriesOrder } from './charts';

describe('legendInSeriesOrder', () => {
  it('orders legend items as the series are drawn, not by label', () => {
    const series = [{ name: 'Phân bổ' }, { name: 'Cam kết' }, { name: 'Giải ngân' }];
    const { itemSorter } = legendInSeriesOrder(series);
    const items = ['Cam kết', 'Giải ngân', 'Phân bổ'].map((value) => ({ value }) as LegendPayload);
    const sorted = [...items].sort((a, b) => Number(itemSorter(a)) - Number(itemSorter(b)));
    expect(sorted.map((i) => i.value)).toEqual(['Phân bổ', 'Cam kết', 'Giải ngân']);
  });
});
