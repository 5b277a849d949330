// Dates typed by people: day first (dd/mm/yyyy), or ISO (yyyy-mm-dd). Never month first, and never
// a guess: what cannot be read is refused, so a wrong date cannot reach the records.
import type { TFunction } from 'i18next';

const pad = (n: number) => String(n).padStart(2, '0');

function iso(y: number, m: number, d: number): string | undefined {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return undefined;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d > days ? undefined : `${y}-${pad(m)}-${pad(d)}`;
}

/** True for a real calendar date written `yyyy-mm-dd`. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return !!m && iso(Number(m[1]), Number(m[2]), Number(m[3])) === value;
}

/**
 * Reads what a person typed: `dd/mm/yyyy` (also `d/m/yyyy`, `.` or `-` as separator, or the eight
 * digits `ddmmyyyy`) and ISO `yyyy-mm-dd`. Returns the ISO date, null for an empty field, and
 * undefined for anything else (two-digit years, 31/02, month-first dates that do not fit).
 */
export function parseDateText(text: string): string | null | undefined {
  const s = text.trim();
  if (!s) return null;
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s) ?? /^(\d{2})(\d{2})(\d{4})$/.exec(s);
  if (m) return iso(Number(m[3]), Number(m[2]), Number(m[1]));
  return undefined;
}

/** An ISO date shown as `dd/mm/yyyy`; any other text is shown as it is (so a typo stays visible). */
export function displayDate(value: string | null | undefined): string {
  if (!value) return '';
  if (isIsoDate(value)) return `${value.slice(8, 10)}/${value.slice(5, 7)}/${value.slice(0, 4)}`;
  return value;
}

/** A form validator for a date field whose value is an ISO date, null, or the unreadable text. */
export function dateRule(t: TFunction, { required = false }: { required?: boolean } = {}) {
  return (value: unknown): string | null => {
    if (value === null || value === undefined || value === '') return required ? t('validation.required') : null;
    return isIsoDate(value) ? null : t('inputs.dateInvalid');
  };
}
