import { isValidTaxCode } from './taxCode';

describe('isValidTaxCode', () => {
  it('accepts valid codes and dependent units', () => {
    expect(isValidTaxCode('0100047516')).toBe(true);
    expect(isValidTaxCode('0100047516-001')).toBe(true);
  });
  it('rejects a wrong check digit or shape', () => {
    expect(isValidTaxCode('0100047517')).toBe(false);
    expect(isValidTaxCode('010004751')).toBe(false);
    expect(isValidTaxCode('0100047516-01')).toBe(false);
  });
  it('accepts a 12-digit personal id only when allowed', () => {
    expect(isValidTaxCode('001203012345')).toBe(false);
    expect(isValidTaxCode('001203012345', true)).toBe(true);
  });
});
