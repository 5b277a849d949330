import type { viKpis } from './vi-kpis';

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export const enKpis: Shape<typeof viKpis> = {
  kpiPicker: {
    indicator: 'Indicator',
    choose: 'Choose an indicator (type to search)',
    suited: 'Suits the activity type',
    others: 'Other indicators',
    value: 'Value',
    baseline: 'Before the project',
    result: 'After the project',
    saving: 'Saving: {{value}} {{unit}}',
    add: 'Add indicator',
    remove: 'Remove indicator {{name}}',
    unknown: 'Indicator "{{code}}" is not in the catalogue: choose one from the catalogue or remove this row',
    required: 'Enter a value',
    negative: 'Must not be negative',
    maxPercent: 'A percentage may be at most {{max}}',
    mean: 'average over projects',
    savingOf: 'Saving',
    none: 'No indicators yet',
    unit: 'Unit',
  },
};
