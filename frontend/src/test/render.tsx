import { MantineProvider } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router';
import { theme } from '@/app/providers';
import { AuthContext, type AuthState, type Me } from '@/lib/auth/context';

export function makeUser(role: Me['role'], extra: Partial<Me> = {}): Me {
  return { id: `u-${role}`, username: role, full_name: `Test ${role}`, role, enterprise_id: null, ...extra };
}

export function renderWithProviders(ui: ReactElement, { user = null, route = '/' }: { user?: Me | null; route?: string } = {}) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const auth: AuthState = {
    user,
    status: user ? 'authenticated' : 'anonymous',
    login: async () => {},
    logout: async () => {},
  };
  return render(
    <MantineProvider theme={theme}>
      <DatesProvider settings={{ locale: 'vi' }}>
        <QueryClientProvider client={client}>
          <AuthContext.Provider value={auth}>
            <MemoryRouter initialEntries={[route]}>{ui}</MemoryRouter>
          </AuthContext.Provider>
        </QueryClientProvider>
      </DatesProvider>
    </MantineProvider>,
  );
}

/** Stubs fetch: every call answers `body` (default: an empty page) with `status`. */
export function stubFetch(handler: (req: Request) => { status?: number; body?: unknown } | undefined = () => undefined) {
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = input instanceof Request ? input : new Request(String(input), init);
    const r = handler(req) ?? {};
    const body = r.body ?? { items: [], total: 0, page: 1, page_size: 20 };
    return new Response(JSON.stringify(body), { status: r.status ?? 200, headers: { 'Content-Type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fn);
  return fn;
}
