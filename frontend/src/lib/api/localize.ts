// Server problems carry a stable `code` and the values in their words as `params`; the server
// already answers in the UI language (the client sends Accept-Language), and the UI words the
// codes it knows itself (serverErrors.<code>, with the params), the server's text otherwise.
import i18n from '@/lib/i18n';
import { isApiError, type FieldError, type Problem } from './problem';

const GENERIC_CODES = new Set(['validation.failed', 'auth.forbidden', 'not_found', 'conflict', 'error', 'auth.unauthorized']);

/** Params as words: money (`*_vnd`) in the UI's format, lists joined. */
export function formatParams(params: Record<string, unknown> | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const vi = i18n.language !== 'en';
  for (const [k, v] of Object.entries(params ?? {})) {
    if (Array.isArray(v)) out[k] = v.map(String).join(', ');
    else if (typeof v === 'number' && k.endsWith('_vnd'))
      out[k] = vi ? `${new Intl.NumberFormat('vi-VN').format(v)} đ` : `${new Intl.NumberFormat('en-US').format(v)} VND`;
    else if (v === null || v === undefined) out[k] = '—';
    else out[k] = String(v);
  }
  return out;
}

/** The UI's wording for a problem code or message key, if it has one. */
export function codeMessage(code: string | null | undefined, params?: Record<string, unknown> | null): string | null {
  const key = code ? `serverErrors.${code}` : '';
  if (!code || !i18n.exists(key)) return null;
  const words = i18n.t(key, { ...formatParams(params), interpolation: { escapeValue: false } });
  return words.includes('{{') ? null : words; // the words need a value the problem did not carry
}

/**
 * A problem's message in the UI language: a single field error's own words (more specific than
 * a generic code), else the words for the code, else the server's detail.
 */
export function problemMessage(problem: Problem): string | null {
  const errors = Array.isArray(problem.errors) ? problem.errors : [];
  const only = errors.length === 1 ? errors[0] : undefined;
  if (only?.code && (!problem.code || GENERIC_CODES.has(problem.code) || only.code === problem.code)) {
    const own = codeMessage(only.code, only.params);
    if (own) return own;
  }
  if (problem.code && !GENERIC_CODES.has(problem.code)) {
    const words = codeMessage(problem.code, problem.params as Record<string, unknown> | undefined);
    if (words) return words;
  }
  return problem.detail ?? (problem.code ? codeMessage(problem.code, null) : null) ?? problem.title ?? null;
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
  [/^no program covers the fiscal year (\d{4})/i, (m) => i18n.t('serverMessages.noProgram', { year: m[1] })],
];

/** A field error's message in the UI language: its own key and params, else the server's words. */
export function fieldMessage(err: unknown, e: FieldError): string {
  const own = codeMessage(e.code, e.params);
  if (own) return own;
  const known = localizeMessage(e.message);
  if (known !== e.message) return known;
  if (isApiError(err) && err.fieldErrors.length === 1 && err.code && !GENERIC_CODES.has(err.code))
    return codeMessage(err.code, err.problem.params as Record<string, unknown> | undefined) ?? e.message;
  return e.message;
}

/** Known English validation messages (an older server) in the UI language; others unchanged. */
export function localizeMessage(message: string): string {
  for (const [re, fn] of PATTERNS) {
    const m = re.exec(message);
    if (m) return fn(m);
  }
  return message;
}
