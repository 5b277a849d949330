import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, unwrap } from '@/lib/api/client';
import { AuthContext, type AuthState, type Me } from './context';
import { clearTokens, getTokens, onTokensChange, setTokens } from './tokens';

export function AuthProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const [hasToken, setHasToken] = useState(() => !!getTokens());

  useEffect(
    () =>
      onTokensChange((t) => {
        setHasToken(!!t);
        if (!t) qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'public' });
      }),
    [qc],
  );

  const me = useQuery({
    queryKey: ['auth', 'me'],
    queryFn: () => unwrap(api.GET('/api/v1/auth/me')),
    enabled: hasToken,
    staleTime: 5 * 60_000,
    retry: false,
  });

  const login = useCallback(
    async (username: string, password: string) => {
      const tokens = await unwrap(
        api.POST('/api/v1/auth/token', {
          body: { username, password, grant_type: 'password' },
          bodySerializer: (b) => new URLSearchParams(b as Record<string, string>).toString(),
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        }),
      );
      setTokens(tokens);
      await qc.fetchQuery({ queryKey: ['auth', 'me'], queryFn: () => unwrap(api.GET('/api/v1/auth/me')) });
    },
    [qc],
  );

  const logout = useCallback(async () => {
    const t = getTokens();
    if (t?.refresh_token) {
      try {
        await api.POST('/api/v1/auth/logout', { body: { refresh_token: t.refresh_token } });
      } catch {
        /* logging out locally anyway */
      }
    }
    clearTokens();
    qc.clear();
  }, [qc]);

  const value = useMemo<AuthState>(
    () => ({
      user: hasToken ? ((me.data as Me | undefined) ?? null) : null,
      status: !hasToken ? 'anonymous' : me.isPending ? 'loading' : me.isError ? 'error' : 'authenticated',
      login,
      logout,
    }),
    [hasToken, me.data, me.isPending, me.isError, login, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
