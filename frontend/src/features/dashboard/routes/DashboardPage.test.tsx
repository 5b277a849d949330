import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { makeUser, renderWithProviders, stubFetch } from '@/test/render';
import '@/lib/i18n';
import { DashboardPage } from './DashboardPage';

afterEach(() => vi.unstubAllGlobals());

describe('DashboardPage', () => {
  it('says in Vietnamese which service did not answer, not the operators’ English detail', async () => {
    stubFetch((req) =>
      new URL(req.url).pathname.endsWith('/dashboard')
        ? {
            body: {
              year: 2020,
              budget: null,
              budget_by_year: null,
              projects: null,
              registry: null,
              warnings: [
                { service: 'budget', code: 'unavailable', detail: 'year summary: unavailable (ConnectError)' },
                { service: 'registry', code: 'timeout', detail: 'stats: did not answer in time' },
              ],
            },
          }
        : undefined,
    );
    renderWithProviders(<DashboardPage />, { user: makeUser('viewer'), route: '/?year=2020' });
    const alert = await screen.findByTestId('dashboard-warnings');
    expect(alert).toHaveTextContent('Dữ liệu chưa đầy đủ');
    expect(alert).toHaveTextContent('Kinh phí: tạm thời không truy cập được');
    expect(alert).toHaveTextContent('Cơ sở dữ liệu: không trả lời kịp');
    expect(alert).not.toHaveTextContent('ConnectError');
  });
});
