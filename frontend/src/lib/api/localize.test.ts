import '@/lib/i18n';
import { codeMessage, fieldMessage, localizeMessage } from './localize';
import { ApiError } from './problem';

describe('server messages in the UI language', () => {
  it('words a known problem code (dotted keys) and leaves unknown ones', () => {
    expect(codeMessage('registry.duplicate_tax_code', { tax_code: '0100109106' })).toBe(
      'Mã số thuế 0100109106 đã được đăng ký cho một cơ sở khác.',
    );
    // words that need a value the problem did not carry: the caller falls back to the detail
    expect(codeMessage('registry.duplicate_tax_code')).toBeNull();
    expect(codeMessage('something.else')).toBeNull();
    expect(codeMessage(undefined)).toBeNull();
  });
  it('uses the code for a single field error, patterns otherwise', () => {
    const one = new ApiError(409, {
      code: 'registry.duplicate_tax_code',
      params: { tax_code: '0100109106' },
      errors: [{ field: 'tax_code', message: 'already registered' }],
    });
    expect(fieldMessage(one, one.fieldErrors[0]!)).toBe('Mã số thuế 0100109106 đã được đăng ký cho một cơ sở khác.');
    const many = new ApiError(422, { code: 'validation.failed', errors: [{ field: 'name', message: 'Field required' }, { field: 'x', message: 'Input should be greater than or equal to 0' }] });
    expect(fieldMessage(many, many.fieldErrors[0]!)).toBe('Bắt buộc nhập');
    expect(fieldMessage(many, many.fieldErrors[1]!)).toBe('Phải lớn hơn hoặc bằng 0');
    expect(localizeMessage('no program covers the fiscal year 2031')).toBe('Chưa có chương trình khuyến công nào bao gồm năm 2031');
    expect(localizeMessage('something odd')).toBe('something odd');
  });
});
