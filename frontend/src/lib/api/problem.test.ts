import { ApiError, normalizeField, splitFieldErrors } from './problem';

describe('problem+json helpers', () => {
  it('normalizes FastAPI-style locations', () => {
    expect(normalizeField('body.tax_code')).toBe('tax_code');
    expect(normalizeField('tax_code')).toBe('tax_code');
    expect(normalizeField('body.planned_kpis.trainees')).toBe('planned_kpis.trainees');
    expect(normalizeField(null)).toBeNull();
  });
  it('splits 422 errors into form fields and the rest', () => {
    const err = new ApiError(422, {
      status: 422,
      code: 'validation_error',
      errors: [
        { field: 'tax_code', message: 'bad' },
        { field: 'body.planned_kpis.trainees', message: 'negative' },
        { field: 'unknown', message: 'x' },
        { message: 'whole body' },
      ],
    });
    const { fields, other } = splitFieldErrors(err, ['tax_code', 'planned_kpis']);
    expect(fields).toEqual({ tax_code: 'bad', planned_kpis: 'negative' });
    expect(other).toEqual(['unknown: x', 'whole body']);
  });
  it('wraps non-object bodies', () => {
    const e = ApiError.from(502, 'Bad gateway');
    expect(e.status).toBe(502);
    expect(e.message).toBe('Bad gateway');
  });
});
