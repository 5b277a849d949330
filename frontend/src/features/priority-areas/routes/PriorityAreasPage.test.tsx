import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { makeUser, renderWithProviders, stubFetch } from '@/test/render';
import { inForce } from '../api/priorityAreas';
import { PriorityAreasPage } from './PriorityAreasPage';

const AREA = {
  id: 'a1',
  program_code: null,
  admin_unit_code: '25840',
  uplift_percent: 150,
  legal_basis: 'Quyết định 12/2016/QĐ-UBND',
  effective_from: '2016-01-01',
  effective_to: null,
};

function stubAreas() {
  return stubFetch((req) => {
    const url = new URL(req.url);
    if (url.pathname.endsWith('/priority-areas') && req.method === 'GET') return { body: { items: [AREA], total: 1, page: 1, page_size: 20 } };
    if (req.method === 'PATCH') return { body: { ...AREA, effective_to: '2020-12-31' } };
    if (url.pathname.endsWith('/budget/programs')) return { body: { items: [{ code: 'BD-KC-2016-2020', name: 'Chương trình khuyến công đến năm 2020' }], total: 1, page: 1, page_size: 200 } };
    return undefined;
  });
}

describe('priority areas', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('lists the marks for everyone working on projects, without the means to change them', async () => {
    stubAreas();
    renderWithProviders(<PriorityAreasPage />, { user: makeUser('program_officer') });
    const table = await screen.findByTestId('priority-areas-table');
    expect(await within(table).findByText('Quyết định 12/2016/QĐ-UBND')).toBeInTheDocument();
    expect(within(table).getByText('Mọi chương trình')).toBeInTheDocument();
    expect(within(table).getByText('150 %')).toBeInTheDocument();
    expect(within(table).getByText('Đang hiệu lực')).toBeInTheDocument();
    expect(screen.queryByTestId('priority-area-create')).toBeNull();
  });

  it('lets the manager end a mark, checking the dates before sending', async () => {
    const fetch = stubAreas();
    renderWithProviders(<PriorityAreasPage />, { user: makeUser('program_manager') });
    expect(await screen.findByTestId('priority-area-create')).toBeInTheDocument();
    await userEvent.click(await screen.findByRole('button', { name: 'Sửa địa bàn ưu tiên 25840' }));
    const form = await screen.findByTestId('priority-area-form');
    const end = within(form).getByRole('textbox', { name: /Hết hiệu lực sau ngày/ });
    await userEvent.type(end, '31/12/2015');
    await userEvent.click(within(form).getByRole('button', { name: 'Lưu' }));
    expect(await within(form).findByText('Ngày hết hiệu lực phải từ ngày có hiệu lực trở đi')).toBeInTheDocument();
    await userEvent.clear(end);
    await userEvent.type(end, '31/12/2020');
    await userEvent.click(within(form).getByRole('button', { name: 'Lưu' }));
    const patch = () => fetch.mock.calls.map(([r]) => r as Request).find((r) => r.method === 'PATCH');
    await waitFor(() => expect(patch()).toBeDefined());
    expect(new URL(patch()!.url).pathname).toBe('/api/v1/priority-areas/a1');
    expect(await patch()!.clone().json()).toEqual({ uplift_percent: 150, legal_basis: 'Quyết định 12/2016/QĐ-UBND', effective_to: '2020-12-31' });
  });

  it('offers the programs to choose from, none meaning every program', async () => {
    const fetch = stubAreas();
    renderWithProviders(<PriorityAreasPage />, { user: makeUser('program_manager') });
    await userEvent.click(await screen.findByTestId('priority-area-create'));
    const form = await screen.findByTestId('priority-area-form');
    const program = within(form).getByTestId('priority-program');
    expect(program).toHaveAttribute('placeholder', 'Mọi chương trình');
    await waitFor(() => expect(fetch.mock.calls.some(([r]) => (r as Request).url.includes('/budget/programs'))).toBe(true));
    await userEvent.click(program);
    // the dropdown sits in a portal beside the modal: found by its text
    expect((await screen.findByText('BD-KC-2016-2020 – Chương trình khuyến công đến năm 2020')).closest('[role=option]')).not.toBeNull();
  });

  it('knows which marks are in force on a day', () => {
    expect(inForce({ effective_from: '2016-01-01', effective_to: null }, '2026-12-08')).toBe(true);
    expect(inForce({ effective_from: '2016-01-01', effective_to: '2020-12-31' }, '2021-01-01')).toBe(false);
    expect(inForce({ effective_from: '2027-01-01', effective_to: null }, '2026-12-08')).toBe(false);
  });
});
