import { describe, expect, it } from 'vitest';
import { fold, foldFilter } from './text';

describe('fold', () => {
  it('drops case and diacritics, đ included', () => {
    expect(fold('Cán bộ Trung tâm  Khuyến công')).toBe('can bo trung tam khuyen cong');
    expect(fold('Đồng Nai')).toBe('dong nai');
    expect(foldFilter({ options: [{ label: 'Cán bộ Trung tâm (officer)' }, { label: 'Người xem' }], search: 'can bo' })).toHaveLength(1);
  });
});
