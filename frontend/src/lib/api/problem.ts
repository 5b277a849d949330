// RFC 9457 problem+json as the gateway sends it, and the error thrown by API helpers.
export interface FieldError {
  field?: string | null;
  message: string;
  /** The message key of `message` (serverErrors.<code> in the UI), with its values. */
  code?: string | null;
  params?: Record<string, unknown> | null;
  row?: number | null;
}

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  /** The values in the message (limits, amounts, field names). */
  params?: Record<string, unknown>;
  errors?: FieldError[];
  [key: string]: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(status: number, problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }

  get code(): string | undefined {
    return this.problem.code;
  }

  get fieldErrors(): FieldError[] {
    return Array.isArray(this.problem.errors) ? this.problem.errors : [];
  }

  static from(status: number, body: unknown): ApiError {
    if (body && typeof body === 'object') return new ApiError(status, body as Problem);
    return new ApiError(status, { status, detail: typeof body === 'string' && body ? body : undefined });
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/** `body.tax_code`, `["body","tax_code"]`-joined or `tax_code` → `tax_code` (form path). */
export function normalizeField(field: string | null | undefined): string | null {
  if (!field) return null;
  const parts = field.split(/[.[\]]+/).filter(Boolean);
  if (parts[0] === 'body' || parts[0] === 'query' || parts[0] === 'path') parts.shift();
  return parts.length ? parts.join('.') : null;
}

/**
 * Splits a 422's errors into those that match a known form field and the rest.
 * `known` lists the form's field names.
 */
export function splitFieldErrors(
  err: unknown,
  known: readonly string[],
  message: (err: unknown, e: FieldError) => string = (_, e) => e.message,
): { fields: Record<string, string>; other: string[] } {
  const fields: Record<string, string> = {};
  const other: string[] = [];
  if (!isApiError(err)) return { fields, other };
  for (const e of err.fieldErrors) {
    const f = normalizeField(e.field);
    const root = f?.split('.')[0];
    const text = message(err, e);
    if (f && known.includes(f)) fields[f] = text;
    else if (root && known.includes(root)) fields[root] = text;
    else other.push(f ? `${f}: ${text}` : text);
  }
  return { fields, other };
}
