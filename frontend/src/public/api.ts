// The public pages read the no-login API with plain fetch (no client library: the page must stay
// light). Types come from the generated OpenAPI schema, so they cost nothing at run time.
import type { components } from '@/api/schema';

export type PublicProject = components['schemas']['ProjectsPublicProject'];
export type PublicProjectDetail = components['schemas']['ProjectsPublicProjectDetail'];
export type PublicProjectPage = components['schemas']['ProjectsPublicProjectPage'];
export type CommuneSupportList = components['schemas']['ProjectsCommuneSupportList'];
export type PublicYearPage = components['schemas']['BudgetPublicYearPage'];
export type PublicYear = components['schemas']['BudgetPublicYear'];

export const API = '/api/v1/public';

export class HttpError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

export async function getJson<T>(path: string, params: Record<string, string | number | undefined> = {}): Promise<T> {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') query.set(k, String(v));
  const url = `${API}${path}${query.size ? `?${query}` : ''}`;
  const r = await fetch(url, { headers: { Accept: 'application/json', 'Accept-Language': 'vi' } });
  if (!r.ok) throw new HttpError(r.status);
  return (await r.json()) as T;
}
