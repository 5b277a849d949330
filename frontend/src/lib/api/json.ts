// JSON calls to endpoints the generated schema does not describe yet (added by another service's
// release): the same auth, refresh and problem handling as `api`, typed by the caller.
import { ApiError } from './problem';
import { API_PREFIX, authFetch } from './client';

const origin = (import.meta.env.VITE_API_BASE_URL as string | undefined) ?? (typeof window !== 'undefined' ? window.location.origin : 'http://localhost');

export async function callJson<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  options: { body?: unknown; query?: Record<string, string | number | boolean | undefined | null>; headers?: Record<string, string> } = {},
): Promise<T> {
  const url = new URL(origin + API_PREFIX + path);
  for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, String(v));
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await authFetch(new Request(url, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) }));
  let data: unknown = null;
  if (res.status !== 204) {
    try {
      data = await res.json();
    } catch {
      data = null;
    }
  }
  if (!res.ok) throw ApiError.from(res.status, data);
  return data as T;
}
