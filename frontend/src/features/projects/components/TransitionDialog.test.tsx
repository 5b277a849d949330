import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { makeUser, renderWithProviders, stubFetch } from '@/test/render';
import { projectKeys, useTransition, type Project } from '../api/projects';
import { draftProject } from '../testing';
import { settlementDeadline, settlementFigures, TransitionDialog } from './TransitionDialog';

const base = draftProject;

describe('TransitionDialog', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('an appraisal score of 120 is refused with a message and nothing is sent', async () => {
    const fetch = stubFetch();
    renderWithProviders(<TransitionDialog project={{ ...base, status: 'submitted' }} transition="appraisal" onClose={() => {}} />, { user: makeUser('program_officer') });
    const score = screen.getByRole('textbox', { name: /Điểm thẩm định/ });
    await userEvent.type(score, '120');
    await userEvent.tab();
    expect(score).toHaveValue('120');
    await userEvent.click(screen.getByTestId('transition-submit'));
    expect(await screen.findByText('Phải từ 0 đến 100')).toBeInTheDocument();
    await waitFor(() => expect(score).toHaveFocus());
    expect(fetch.mock.calls.filter(([, init]) => (init as RequestInit | undefined)?.method === 'POST')).toHaveLength(0);
  });

  it('the approval offers the amount the appraisal recommended, not the one requested', () => {
    const p: Project = { ...base, status: 'appraised', requested_support_vnd: 150_000_000, recommended_support_vnd: 120_000_000 };
    renderWithProviders(<TransitionDialog project={p} transition="approval" onClose={() => {}} />, { user: makeUser('program_manager') });
    expect(screen.getByRole('textbox', { name: /Kinh phí được duyệt/ })).toHaveValue('120.000.000 ₫');
  });

  it('settlement previews what is paid and left unused, and warns after 22 January of the next year', () => {
    const p: Project = { ...base, status: 'accepted', approved_support_vnd: 200_000_000, accepted_support_vnd: 180_000_000, advanced_vnd: 100_000_000, fiscal_year: 2020 };
    expect(settlementFigures(p)).toEqual({ accepted: 180_000_000, advanced: 100_000_000, toPay: 80_000_000, toRelease: 20_000_000 });
    expect(settlementDeadline(2020)).toBe('2021-01-22');
    const { unmount } = renderWithProviders(<TransitionDialog project={p} transition="settlement" onClose={() => {}} />, { user: makeUser('finance_officer') });
    expect(screen.getByTestId('settle-to-pay')).toHaveTextContent('80.000.000');
    expect(screen.getByTestId('settle-to-release')).toHaveTextContent('20.000.000');
    // Today is long after 22/01/2021.
    expect(screen.getByTestId('settlement-late')).toHaveTextContent('22/01/2021');
    unmount();
  });

  it('settlement typed 10/01/2021 is sent as 2021-01-10, before the deadline: no warning', async () => {
    const fetch = stubFetch(() => ({ body: { ...base, status: 'settled' } }));
    const p: Project = { ...base, status: 'accepted', approved_support_vnd: 200_000_000, accepted_support_vnd: 200_000_000, advanced_vnd: 0, fiscal_year: 2020 };
    renderWithProviders(<TransitionDialog project={p} transition="settlement" onClose={() => {}} />, { user: makeUser('finance_officer') });
    const date = screen.getByRole('textbox', { name: /Ngày quyết toán/ });
    await userEvent.clear(date);
    await userEvent.type(date, '10/01/2021');
    await userEvent.tab();
    expect(screen.queryByTestId('settlement-late')).toBeNull();
    await userEvent.type(screen.getByRole('textbox', { name: /Số chứng từ/ }), 'UNC-01');
    await userEvent.click(screen.getByTestId('transition-submit'));
    // The dialog also reads the KPI catalogue: the settlement is the one POST.
    const posted = () => fetch.mock.calls.map(([r]) => r as Request).filter((r) => r.method === 'POST');
    await waitFor(() => expect(posted()).toHaveLength(1));
    expect(await posted()[0]!.clone().json()).toEqual({ settled_on: '2021-01-10', reference: 'UNC-01' });
  });

  it('a submission takes the day the dossier was received, and sends none when left empty', async () => {
    const fetch = stubFetch(() => ({ body: { ...base, status: 'submitted' } }));
    const posted = () => fetch.mock.calls.map(([r]) => r as Request).filter((r) => r.method === 'POST');
    const { unmount } = renderWithProviders(<TransitionDialog project={base} transition="submit" onClose={() => {}} />, { user: makeUser('program_officer') });
    await userEvent.type(screen.getByRole('textbox', { name: /Ngày nhận hồ sơ/ }), '02/03/2020');
    await userEvent.tab();
    await userEvent.click(screen.getByTestId('transition-submit'));
    await waitFor(() => expect(posted()).toHaveLength(1));
    expect(await posted()[0]!.clone().json()).toEqual({ document_date: '2020-03-02' });
    unmount();
    renderWithProviders(<TransitionDialog project={base} transition="submit" onClose={() => {}} />, { user: makeUser('program_officer') });
    await userEvent.click(screen.getByTestId('transition-submit'));
    await waitFor(() => expect(posted()).toHaveLength(2));
    expect(await posted()[1]!.clone().json()).toEqual({});
  });

  it("the server's 422 stands next to the field it names, the rest above the form, and the dialog stays open", async () => {
    stubFetch((req) =>
      req.method === 'POST'
        ? {
            status: 422,
            body: {
              type: 'about:blank',
              title: 'Dữ liệu không hợp lệ',
              status: 422,
              code: 'validation.failed',
              detail: 'Dữ liệu không hợp lệ.',
              errors: [
                { field: 'reason', message: 'Lý do quá ngắn' },
                { field: 'document_date', message: 'Ngày văn bản không hợp lệ' },
              ],
            },
          }
        : { body: { items: [] } },
    );
    const onClose = vi.fn();
    renderWithProviders(<TransitionDialog project={{ ...base, status: 'submitted' }} transition="rejection" onClose={onClose} />, { user: makeUser('program_manager') });
    const submit = screen.getByTestId('transition-submit');
    // the shared footer, with this step's words and colour
    expect(submit).toHaveTextContent('Từ chối');
    await userEvent.type(screen.getByRole('textbox', { name: /Lý do/ }), 'Không đủ hồ sơ');
    await userEvent.click(submit);
    expect(await screen.findByText('Lý do quá ngắn')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /Lý do/ })).toHaveAttribute('aria-invalid', 'true');
    // the keyboard is taken to the field to mend
    await waitFor(() => expect(screen.getByRole('textbox', { name: /Lý do/ })).toHaveFocus());
    // a field this dialog has not: in the alert, not lost
    expect(screen.getByText(/Ngày văn bản không hợp lệ/)).toBeInTheDocument();
    expect(onClose).not.toHaveBeenCalled();
  });
});

describe('useTransition', () => {
  afterEach(() => vi.unstubAllGlobals());

  it("a progress report's answer (the report) does not replace the project in the cache", async () => {
    stubFetch(() => ({ status: 201, body: { id: 'report-1', period: '2020-06', percent_complete: 50 } }));
    const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    qc.setQueryData(projectKeys.detail('p1'), base);
    const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={qc}>{children}</QueryClientProvider>;
    const { result } = renderHook(() => useTransition('p1'), { wrapper });
    await act(() => result.current.mutateAsync({ transition: 'progress-reports', body: { period: '2020-06', percent_complete: 50 }, key: 'k' }));
    expect((qc.getQueryData(projectKeys.detail('p1')) as Project).id).toBe('p1');
  });
});
