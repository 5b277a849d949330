import { ApiError } from '@/lib/api/problem';
import { rowErrors } from './ImportDialog';

describe('import row errors', () => {
  it('prefers the structured rows list', () => {
    const err = new ApiError(422, {
      code: 'registry.import_failed',
      errors: [{ field: 'row 2: tax_code', message: 'bad' }],
      rows: [{ row: 2, field: 'tax_code', message: 'bad' }],
    });
    expect(rowErrors(err)).toEqual([{ row: 2, field: 'tax_code', message: 'bad' }]);
  });
  it('parses "row N: field" when only errors are sent', () => {
    const err = new ApiError(422, { errors: [{ field: 'row 7: name', message: 'Field required' }, { field: null, message: 'empty file' }] });
    expect(rowErrors(err)).toEqual([
      { row: 7, field: 'name', message: 'Field required' },
      { field: null, message: 'empty file' },
    ]);
  });
});
