// The typed API client: openapi-fetch over the generated schema, with bearer auth and one
// refresh-and-retry on 401. A failed refresh clears the tokens, which sends the UI to /login.
import createClient from 'openapi-fetch';
import type { paths } from '@/api/schema';
import i18n from '@/lib/i18n';
import { clearTokens, getAccessToken, getTokens, setTokens, type TokenSet } from '@/lib/auth/tokens';
import { ApiError } from './problem';

export const API_PREFIX = '/api/v1';
// Same origin by default (the gateway serves the SPA; `vite dev` proxies /api). Absolute, because
// some fetch implementations (undici in tests) do not resolve relative Request URLs.
const baseUrl =
  (import.meta.env.VITE_API_BASE_URL as string | undefined) ?? (typeof window !== 'undefined' ? window.location.origin : 'http://localhost');

function absolute(path: string): string {
  return baseUrl + path;
}

function isAuthCall(url: string): boolean {
  return /\/auth\/(token|refresh|logout)(\?|$)/.test(url);
}

let refreshing: Promise<boolean> | null = null;

/** Single-flight refresh: concurrent 401s share one POST /auth/refresh. */
export function refreshTokens(): Promise<boolean> {
  const tokens = getTokens();
  if (!tokens?.refresh_token) return Promise.resolve(false);
  refreshing ??= (async () => {
    try {
      const res = await fetch(absolute(`${API_PREFIX}/auth/refresh`), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Accept-Language': acceptLanguage() },
        body: JSON.stringify({ refresh_token: tokens.refresh_token }),
      });
      if (!res.ok) return false;
      const next = (await res.json()) as TokenSet;
      setTokens({ ...next, refresh_token: next.refresh_token ?? tokens.refresh_token });
      return true;
    } catch {
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/** The UI's language, so the server words its problems (title, detail, errors) in it. */
export function acceptLanguage(): string {
  return i18n.language === 'en' ? 'en' : 'vi';
}

function withAuth(req: Request): Request {
  const token = getAccessToken();
  if (token && !req.headers.has('Authorization')) req.headers.set('Authorization', `Bearer ${token}`);
  if (!req.headers.has('Accept-Language')) req.headers.set('Accept-Language', acceptLanguage());
  return req;
}

export async function authFetch(input: Request): Promise<Response> {
  const retry = input.clone();
  const res = await fetch(withAuth(input));
  if (res.status !== 401 || isAuthCall(input.url) || !getTokens()) return res;
  if (await refreshTokens()) return fetch(withAuth(retry));
  clearTokens();
  return res;
}

export const api = createClient<paths>({ baseUrl, fetch: authFetch });

type Result = { data?: unknown; error?: unknown; response: Response };

/** Awaits an openapi-fetch call, throws ApiError on a non-2xx answer, returns the data. */
export async function unwrap<R extends Result>(call: Promise<R>): Promise<NonNullable<R['data']>> {
  const { data, error, response } = await call;
  if (!response.ok) throw ApiError.from(response.status, error);
  return data as NonNullable<R['data']>;
}

/** A fresh Idempotency-Key for money-moving POSTs (stable across a retry of the same submit). */
export function newIdempotencyKey(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(16).slice(2)}`;
}

/** Authenticated download (exports): fetches with the bearer token and saves the blob. */
export async function download(path: string, fallbackName: string): Promise<void> {
  const res = await authFetch(new Request(absolute(path)));
  if (!res.ok) {
    let body: unknown = null;
    try {
      body = await res.json();
    } catch {
      /* not json */
    }
    throw ApiError.from(res.status, body);
  }
  const blob = await res.blob();
  const cd = res.headers.get('Content-Disposition') ?? '';
  const name = filenameOf(cd) ?? fallbackName;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The file name of a Content-Disposition header: RFC 6266 `filename*` first, then `filename`. */
export function filenameOf(header: string): string | undefined {
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header)?.[1];
  if (extended) {
    try {
      return decodeURIComponent(extended.trim());
    } catch {
      /* malformed: fall back to the plain name */
    }
  }
  return /filename\s*=\s*"?([^";]+)"?/i.exec(header)?.[1];
}
