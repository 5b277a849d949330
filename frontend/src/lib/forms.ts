import type { TFunction } from 'i18next';
import { codeMessage, fieldMessage } from '@/lib/api/localize';
import { isApiError, splitFieldErrors } from '@/lib/api/problem';

interface FormLike {
  setErrors: (errors: Record<string, string>) => void;
}

/**
 * Puts a 422's `errors` next to the matching fields of a Mantine form and returns the messages
 * that belong to no field (to show in an alert above the form).
 */
// Problems that name no field but clearly belong to one.
const CODE_FIELDS: Record<string, string> = {
  'user.username_taken': 'username',
  'registry.duplicate_tax_code': 'tax_code',
  'registry.invalid_tax_code': 'tax_code',
  'project.support_above_policy': 'requested_support_vnd',
  'project.advance_above_cap': 'amount_vnd',
  'budget.advance_cap_exceeded': 'amount_vnd',
  'budget.over_disbursement': 'amount_vnd',
  'budget.over_allocation': 'amount_vnd',
};

export function applyServerErrors(form: FormLike, err: unknown, known: readonly string[]): string[] {
  const { fields, other } = splitFieldErrors(err, known, fieldMessage);
  const field = isApiError(err) && err.code ? CODE_FIELDS[err.code] : undefined;
  if (field && known.includes(field) && !fields[field] && isApiError(err)) fields[field] = codeMessage(err.code, err.problem.params) ?? err.message;
  if (Object.keys(fields).length) form.setErrors(fields);
  return other;
}

/** '' → null, for optional text fields before they go to the API. */
export function nullIfEmpty<T>(v: T): T | null {
  return v === '' || v === undefined ? null : v;
}

/** Only the keys whose value differs from `initial` (for PATCH bodies). */
export function changed<T extends Record<string, unknown>>(initial: T, values: T): Partial<T> {
  const out: Partial<T> = {};
  for (const k of Object.keys(values) as Array<keyof T>) {
    if (JSON.stringify(values[k]) !== JSON.stringify(initial[k])) out[k] = values[k];
  }
  return out;
}

/**
 * A form validator for a number field (Mantine gives '' when empty). Out-of-range values are
 * refused with a message; nothing is clamped.
 */
export function numberRule(t: TFunction, { min, max, integer = false, required = false }: { min?: number; max?: number; integer?: boolean; required?: boolean } = {}) {
  return (value: unknown): string | null => {
    if (value === '' || value === null || value === undefined) return required ? t('validation.required') : null;
    const n = typeof value === 'number' ? value : Number(String(value).replace(',', '.'));
    if (!Number.isFinite(n)) return t('inputs.notNumber');
    if (integer && !Number.isInteger(n)) return t('inputs.integer');
    if (min !== undefined && max !== undefined && (n < min || n > max)) return t('inputs.range', { min, max });
    if (min !== undefined && n < min) return t('inputs.min', { min });
    if (max !== undefined && n > max) return t('validation.max', { max });
    return null;
  };
}
