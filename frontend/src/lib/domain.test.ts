import { describe, expect, it } from 'vitest';
import { en } from '@/lib/i18n/locales/en';
import { vi } from '@/lib/i18n/locales/vi';
// The committed OpenAPI document the SPA's types are generated from.
import openapi from '../../../gateway/openapi.json';
import { CATEGORIES } from './domain';

describe('categories', () => {
  it('are exactly the server enum, in its order (Decree 45 Art. 4)', () => {
    expect(CATEGORIES).toEqual(openapi.components.schemas.BudgetCategory.enum);
  });

  it('each have a Vietnamese and an English label', () => {
    for (const c of CATEGORIES) {
      expect(vi.enum.category[c], c).toMatch(/\S/);
      expect(en.enum.category[c], c).toMatch(/\S/);
    }
    expect(Object.keys(vi.enum.category).sort()).toEqual([...CATEGORIES].sort());
  });
});
