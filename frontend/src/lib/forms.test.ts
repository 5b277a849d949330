import { ApiError } from '@/lib/api/problem';
import { applyServerErrors, changed } from './forms';

describe('applyServerErrors', () => {
  it('puts field errors on the form, in the UI language, and returns the rest', () => {
    let set: Record<string, string> = {};
    const form = { setErrors: (e: Record<string, string>) => (set = e) };
    const err = new ApiError(422, { errors: [{ field: 'body.name', message: 'Field required' }, { field: 'other', message: 'odd' }] });
    expect(applyServerErrors(form, err, ['name'])).toEqual(['other: odd']);
    expect(set).toEqual({ name: 'Bắt buộc nhập' });
  });
  it('places a field-less problem on the field its code belongs to', () => {
    let set: Record<string, string> = {};
    const form = { setErrors: (e: Record<string, string>) => (set = e) };
    const err = new ApiError(409, { code: 'user.username_taken', params: { username: 'admin' }, detail: "Username 'admin' is taken" });
    expect(applyServerErrors(form, err, ['username', 'full_name'])).toEqual([]);
    expect(set).toEqual({ username: "Tên đăng nhập 'admin' đã tồn tại." });
  });
});

describe('changed', () => {
  it('keeps only the changed keys', () => {
    expect(changed({ a: 1, b: 'x', c: [1] }, { a: 1, b: 'y', c: [1] })).toEqual({ b: 'y' });
  });
});
