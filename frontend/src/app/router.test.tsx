import { screen } from '@testing-library/react';
import type { ComponentType } from 'react';
import { makeUser, renderWithProviders, stubFetch } from '@/test/render';
import { routes } from './router';

async function screenAt(path: string): Promise<ComponentType> {
  const route = routes.flatMap((r) => r.children ?? []).find((r) => r.path === path);
  if (!route || typeof route.lazy !== 'function') throw new Error(`no lazy route ${path}`);
  const loaded = (await route.lazy()) as { Component?: ComponentType };
  if (!loaded.Component) throw new Error(`no screen at ${path}`);
  return loaded.Component;
}

describe('routes', () => {
  afterEach(() => vi.unstubAllGlobals());

  it.each(['projects/new', 'enterprises/new', 'craft-villages/new', 'typical-products/new'])(
    'a viewer typing /%s gets the 403 page, not a form it cannot save',
    async (path) => {
      stubFetch();
      const Screen = await screenAt(path);
      renderWithProviders(<Screen />, { user: makeUser('viewer') });
      expect(await screen.findByText('Không có quyền truy cập')).toBeInTheDocument();
      expect(screen.queryByRole('button', { name: 'Lưu' })).toBeNull();
    },
  );

  it('a program officer gets the project form', async () => {
    stubFetch();
    const Screen = await screenAt('projects/new');
    renderWithProviders(<Screen />, { user: makeUser('program_officer') });
    expect(await screen.findByRole('button', { name: 'Lưu' }, { timeout: 5000 })).toBeInTheDocument();
    expect(screen.queryByText('Không có quyền truy cập')).toBeNull();
  });
});
