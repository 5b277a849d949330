import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { makeUser, renderWithProviders, stubFetch } from '@/test/render';
import { ChangeRequestPanel } from './ChangeRequestPanel';

const PROJECT = { id: 'p1', status: 'in_progress', fiscal_year: 2020, approved_support_vnd: 220_000_000, total_cost_vnd: 450_000_000, counterpart_vnd: 225_000_000 };
const PENDING = {
  id: 'cr1',
  project_id: 'p1',
  number: 1,
  kind: 'budget',
  reason: 'Giá máy tăng',
  changes: { approved_support_vnd: 240_000_000, total_cost_vnd: 500_000_000 },
  previous: null,
  approver: 'department',
  status: 'pending',
  requested_by: 'u-officer',
  requested_at: '2020-06-01T02:00:00Z',
  decision_number: null,
  decision_date: null,
  note: null,
  decided_by: null,
  decided_at: null,
};
const plain = (el: HTMLElement) => (el.textContent ?? '').replace(/\u00a0/g, ' ');

describe('change requests on a project', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows the manager each asked value beside the one it would replace', async () => {
    stubFetch((req) => (new URL(req.url).pathname.endsWith('/change-requests') ? { body: { items: [PENDING], total: 1, page: 1, page_size: 50 } } : undefined));
    renderWithProviders(<ChangeRequestPanel project={PROJECT} />, { user: makeUser('program_manager') });
    await userEvent.click(await screen.findByTestId('change-decide-open'));
    const dialog = await screen.findByTestId('change-decision-form');
    expect(plain(dialog)).toContain('Kinh phí hỗ trợ mới: 240.000.000 ₫ (hiện nay: 220.000.000 ₫)');
    expect(plain(dialog)).toContain('Tổng kinh phí mới: 500.000.000 ₫ (hiện nay: 450.000.000 ₫)');
  });

  it('asks a budget change with a new total cost and shows a refusal next to the field', async () => {
    const fetch = stubFetch((req) => {
      if (req.method === 'POST') {
        return {
          status: 422,
          body: {
            status: 422,
            code: 'project.support_above_policy',
            title: 'Invalid input',
            detail: 'x',
            errors: [{ field: 'changes.approved_support_vnd', message: 'Vượt mức hỗ trợ tối đa', code: 'project.support_above_policy' }],
          },
        };
      }
      return { body: { items: [], total: 0, page: 1, page_size: 50 } };
    });
    renderWithProviders(<ChangeRequestPanel project={PROJECT} />, { user: makeUser('program_officer') });
    await userEvent.click(await screen.findByTestId('change-request-open'));
    const form = await screen.findByTestId('change-request-form');
    await userEvent.type(within(form).getByRole('textbox', { name: /Kinh phí hỗ trợ mới/ }), '240000000');
    await userEvent.type(within(form).getByRole('textbox', { name: /Tổng kinh phí mới/ }), '500000000');
    await userEvent.type(within(form).getByTestId('change-reason'), 'Giá máy tăng');
    await userEvent.click(within(form).getByRole('button', { name: 'Lưu' }));
    await waitFor(() => expect(fetch.mock.calls.some(([r]) => (r as Request).method === 'POST')).toBe(true));
    const sent = fetch.mock.calls.map(([r]) => r as Request).find((r) => r.method === 'POST')!;
    expect((await sent.clone().json()).changes).toEqual({ approved_support_vnd: 240_000_000, total_cost_vnd: 500_000_000 });
    // next to the field, and not again in the alert under its API path
    expect(await within(form).findByText('Vượt mức hỗ trợ tối đa')).toBeInTheDocument();
    expect(plain(form)).not.toContain('changes.approved_support_vnd');
  });
});
