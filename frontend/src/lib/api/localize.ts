// Server problems carry English text and a stable `code`; the UI shows its own words for the codes
// and the common validation messages it knows, and the server's text otherwise.
import i18n from '@/lib/i18n';
import { isApiError, type FieldError } from './problem';

/** The UI's wording for a problem code, if it has one. */
export function codeMessage(code: string | undefined): string | null {
  const key = code ? `serverErrors.${code}` : '';
  return code && i18n.exists(key) ? i18n.t(key) : null;
}

const PATTERNS: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [/^Field required$/i, () => i18n.t('serverMessages.required')],
  [/^String should match pattern/i, () => i18n.t('serverMessages.pattern')],
  [/^String should have at least (\d+) characters?/i, (m) => i18n.t('serverMessages.minLength', { n: m[1] })],
  [/^String should have at most (\d+) characters?/i, (m) => i18n.t('serverMessages.maxLength', { n: m[1] })],
  [/^Input should be greater than or equal to (-?[\d.]+)/i, (m) => i18n.t('serverMessages.gte', { n: m[1] })],
  [/^Input should be less than or equal to (-?[\d.]+)/i, (m) => i18n.t('serverMessages.lte', { n: m[1] })],
  [/^Input should be greater than (-?[\d.]+)/i, (m) => i18n.t('serverMessages.gt', { n: m[1] })],
  [/^wrong check digit/i, () => i18n.t('validation.taxCode')],
  [/^a 12-digit personal ID is accepted only/i, () => i18n.t('serverMessages.personalId')],
  [/^already registered$/i, () => i18n.t('serverErrors.registry.duplicate_tax_code')],
  [/^no program covers the fiscal year (\d{4})/i, (m) => i18n.t('serverMessages.noProgram', { year: m[1] })],
];

/** A field error's message in the UI language (by the problem code when it names one field). */
export function fieldMessage(err: unknown, e: FieldError): string {
  const known = localizeMessage(e.message);
  if (known !== e.message) return known;
  if (isApiError(err) && err.fieldErrors.length === 1) return codeMessage(err.code) ?? e.message;
  return e.message;
}

/** Known server validation messages in the UI language; others unchanged. */
export function localizeMessage(message: string): string {
  for (const [re, fn] of PATTERNS) {
    const m = re.exec(message);
    if (m) return fn(m);
  }
  return message;
}
