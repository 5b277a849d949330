import { fieldMessage } from '@/lib/api/localize';
import { splitFieldErrors } from '@/lib/api/problem';

interface FormLike {
  setErrors: (errors: Record<string, string>) => void;
}

/**
 * Puts a 422's `errors` next to the matching fields of a Mantine form and returns the messages
 * that belong to no field (to show in an alert above the form).
 */
export function applyServerErrors(form: FormLike, err: unknown, known: readonly string[]): string[] {
  const { fields, other } = splitFieldErrors(err, known, fieldMessage);
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
