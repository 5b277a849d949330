import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { makeUser, renderWithProviders, stubFetch } from '@/test/render';
import { AllocationModal, AppropriationModal } from './BudgetForms';

const posted = (fetch: ReturnType<typeof stubFetch>) => fetch.mock.calls.map(([r]) => r as Request).filter((r) => r.method === 'POST');

describe('budget forms', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('an appropriation carries the decision’s own date, typed dd/mm/yyyy, as its document date', async () => {
    const fetch = stubFetch(() => ({ status: 201, body: {} }));
    renderWithProviders(<AppropriationModal year={2020} opened onClose={() => {}} />, { user: makeUser('finance_officer') });
    await userEvent.type(screen.getByRole('textbox', { name: /Số tiền/ }), '4500000000');
    await userEvent.type(screen.getByRole('textbox', { name: /Số quyết định/ }), '3404/QĐ-UBND');
    await userEvent.type(screen.getByRole('textbox', { name: /Ngày quyết định/ }), '28/12/2019');
    await userEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    await waitFor(() => expect(posted(fetch)).toHaveLength(1));
    expect(await posted(fetch)[0]!.clone().json()).toEqual({
      funding_source: 'local',
      amount_vnd: 4_500_000_000,
      decision_number: '3404/QĐ-UBND',
      document_date: '2019-12-28',
    });
  });

  it('an allocation without a date leaves it to the server (today); a date it cannot read is refused', async () => {
    const fetch = stubFetch(() => ({ status: 201, body: {} }));
    renderWithProviders(<AllocationModal year={2020} opened onClose={() => {}} />, { user: makeUser('program_manager') });
    await userEvent.type(screen.getByRole('textbox', { name: /Số tiền/ }), '360000000');
    const date = screen.getByRole('textbox', { name: /Ngày chứng từ/ });
    await userEvent.type(date, '31/02/2020');
    await userEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    expect(await screen.findByText(/Ngày không hợp lệ/)).toBeInTheDocument();
    expect(posted(fetch)).toHaveLength(0);
    await userEvent.clear(date);
    await userEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    await waitFor(() => expect(posted(fetch)).toHaveLength(1));
    expect(await posted(fetch)[0]!.clone().json()).toEqual({ category: 'training', funding_source: 'local', amount_vnd: 360_000_000 });
  });
});
