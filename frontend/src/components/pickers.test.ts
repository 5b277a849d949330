import { describe, expect, it } from 'vitest';
import { adminUnitLabel, shortProvince } from './pickers';

describe('administrative unit labels', () => {
  it('shows what a pre-merger unit became', () => {
    const old = { name: 'Xã Bình Mỹ', successors: [{ code: '25915', name: 'Phường Bình Cơ', province_name: 'Thành phố Hồ Chí Minh' }] };
    expect(adminUnitLabel(old)).toBe('Xã Bình Mỹ (→ Phường Bình Cơ, TP. Hồ Chí Minh)');
    expect(adminUnitLabel({ name: 'Phường Tân Khánh', successors: [] })).toBe('Phường Tân Khánh');
    expect(shortProvince('Tỉnh Bình Dương')).toBe('Tỉnh Bình Dương');
  });
});
