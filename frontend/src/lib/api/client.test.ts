import { clearTokens, getTokens, setTokens } from '@/lib/auth/tokens';
import { api, unwrap } from './client';
import { ApiError } from './problem';

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

describe('api client auth', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    clearTokens();
  });

  it('sends the bearer token, refreshes once on 401 and retries', async () => {
    setTokens({ access_token: 'old', refresh_token: 'r1', expires_in: 900 });
    const seen: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: Request | string, init?: RequestInit) => {
        const req = input instanceof Request ? input : new Request(input, init);
        seen.push(`${req.method} ${new URL(req.url).pathname} ${req.headers.get('Authorization') ?? ''}`);
        if (req.url.endsWith('/auth/refresh')) return json(200, { access_token: 'new', refresh_token: 'r2', expires_in: 900, token_type: 'bearer' });
        return req.headers.get('Authorization') === 'Bearer new'
          ? json(200, { id: 'u1', username: 'officer', full_name: 'Officer', role: 'program_officer', enterprise_id: null })
          : json(401, { status: 401, code: 'auth.token_expired' });
      }),
    );
    const me = await unwrap(api.GET('/api/v1/auth/me'));
    expect(me.username).toBe('officer');
    expect(seen).toEqual(['GET /api/v1/auth/me Bearer old', 'POST /api/v1/auth/refresh ', 'GET /api/v1/auth/me Bearer new']);
    expect(getTokens()?.refresh_token).toBe('r2');
    expect(JSON.parse(sessionStorage.getItem('kc.auth') ?? '{}').access_token).toBe('new');
  });

  it('clears the session when the refresh fails', async () => {
    setTokens({ access_token: 'old', refresh_token: 'r1' });
    vi.stubGlobal('fetch', vi.fn(async () => json(401, { status: 401, code: 'auth.invalid_token', detail: 'expired' })));
    await expect(unwrap(api.GET('/api/v1/auth/me'))).rejects.toBeInstanceOf(ApiError);
    expect(getTokens()).toBeNull();
    expect(sessionStorage.getItem('kc.auth')).toBeNull();
  });
});
