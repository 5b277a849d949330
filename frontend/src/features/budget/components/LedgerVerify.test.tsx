import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { makeUser, renderWithProviders, stubFetch } from '@/test/render';
import { LedgerVerify } from './LedgerVerify';

const SIGNATURE = 'q83vEjRWeJA+/base64signature+of/checkpoint2==';
const CHECKPOINT = {
  seq: 2,
  created_at: '2026-12-07T13:30:00Z',
  key_id: 'k',
  signature: SIGNATURE,
  body: '{}',
  chains: 150,
  public_key: null,
};

function stubLedger(checkpoint: object | null) {
  return stubFetch((req) => {
    const url = new URL(req.url);
    if (url.pathname.endsWith('/public/budget/ledger-checkpoint')) {
      return checkpoint ? { body: checkpoint } : { status: 404, body: { status: 404, code: 'budget.no_checkpoint', title: 'Not found' } };
    }
    if (url.pathname.endsWith('/budget/ledger/verify')) {
      if (!url.searchParams.has('checkpoint_seq')) return { body: { ok: true, entries: 1200 } };
      const same = url.searchParams.get('checkpoint_seq') === '1';
      return { body: same ? { ok: true, entries: 1200 } : { ok: false, entries: 1200, problem: 'kept_checkpoint', detail: 'checkpoint 2 …' } };
    }
    return undefined;
  });
}

const verifyCalls = (fetch: ReturnType<typeof stubFetch>) =>
  fetch.mock.calls.map(([r]) => new URL((r as Request).url)).filter((u) => u.pathname.endsWith('/ledger/verify'));

describe('ledger verification with a kept checkpoint', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows the latest checkpoint to copy, and says when the ledger no longer holds a kept one', async () => {
    const fetch = stubLedger(CHECKPOINT);
    renderWithProviders(<LedgerVerify rows={[]} onOpen={() => {}} />, { user: makeUser('viewer') });
    expect(await screen.findByTestId('ledger-checkpoint-latest')).toHaveTextContent(/^Điểm kiểm tra mới nhất: số 2, ký lúc 07\/12\/2026 \d\d:30, bao gồm 150 chuỗi bút toán\.$/);
    expect(screen.getByTestId('ledger-checkpoint-signature')).toHaveTextContent(SIGNATURE);

    await userEvent.click(screen.getByTestId('ledger-verify'));
    expect(await screen.findByTestId('ledger-verify-result')).toHaveTextContent('Toàn vẹn: đã kiểm tra 1200 bút toán');

    // nothing typed: both fields are named, nothing is asked
    await userEvent.click(screen.getByTestId('ledger-compare'));
    expect(await screen.findByText('Nhập số điểm kiểm tra (số nguyên, từ 1 trở lên)')).toBeInTheDocument();
    expect(screen.getByText('Nhập chữ ký đã lưu')).toBeInTheDocument();
    expect(verifyCalls(fetch)).toHaveLength(1);

    await userEvent.type(screen.getByRole('textbox', { name: 'Số điểm kiểm tra đã lưu' }), '2');
    await userEvent.type(screen.getByRole('textbox', { name: 'Chữ ký đã lưu' }), `  ${SIGNATURE} `);
    await userEvent.click(screen.getByTestId('ledger-compare'));
    await waitFor(() => expect(screen.getByTestId('ledger-verify-result')).toHaveTextContent('Không khớp với điểm kiểm tra số 2 đã lưu. Hãy soát lại số và chữ ký'));
    const asked = verifyCalls(fetch).at(-1)!;
    expect([asked.searchParams.get('checkpoint_seq'), asked.searchParams.get('checkpoint_signature')]).toEqual(['2', SIGNATURE]);

    await userEvent.clear(screen.getByRole('textbox', { name: 'Số điểm kiểm tra đã lưu' }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Số điểm kiểm tra đã lưu' }), '1');
    await userEvent.click(screen.getByTestId('ledger-compare'));
    await waitFor(() => expect(screen.getByTestId('ledger-verify-result')).toHaveTextContent('vẫn giữ nguyên điểm kiểm tra số 1 đã lưu'));
  });

  it('compares a signature typed in groups or wrapped over lines without its spaces, and reads the result out', async () => {
    const fetch = stubLedger(CHECKPOINT);
    renderWithProviders(<LedgerVerify rows={[]} onOpen={() => {}} />, { user: makeUser('viewer') });
    // the live region is in the page before any result, so that the result is read out
    const status = screen.getByTestId('ledger-verify-status');
    expect(status).toHaveAttribute('role', 'status');
    expect(status).toBeEmptyDOMElement();
    await userEvent.type(screen.getByRole('textbox', { name: 'Số điểm kiểm tra đã lưu' }), '1');
    await userEvent.type(screen.getByRole('textbox', { name: 'Chữ ký đã lưu' }), `${SIGNATURE.slice(0, 20)} ${SIGNATURE.slice(20, 30)}  ${SIGNATURE.slice(30)}`);
    await userEvent.click(screen.getByTestId('ledger-compare'));
    await waitFor(() => expect(status).toHaveTextContent('vẫn giữ nguyên điểm kiểm tra số 1 đã lưu'));
    expect(verifyCalls(fetch).at(-1)!.searchParams.get('checkpoint_signature')).toBe(SIGNATURE);
    // spaces alone are no signature
    await userEvent.clear(screen.getByRole('textbox', { name: 'Chữ ký đã lưu' }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Chữ ký đã lưu' }), '   ');
    await userEvent.click(screen.getByTestId('ledger-compare'));
    expect(await screen.findByText('Nhập chữ ký đã lưu')).toBeInTheDocument();
    expect(verifyCalls(fetch)).toHaveLength(1);
    // the earlier answer does not stay beside the mistake, as if it answered what is typed now
    expect(screen.queryByTestId('ledger-verify-result')).not.toBeInTheDocument();
    expect(status).toBeEmptyDOMElement();
  });

  it('reads out that the signature was copied', async () => {
    stubLedger(CHECKPOINT);
    const user = userEvent.setup();
    renderWithProviders(<LedgerVerify rows={[]} onOpen={() => {}} />, { user: makeUser('viewer') });
    const announced = await screen.findByTestId('ledger-checkpoint-copied');
    expect(announced).toHaveAttribute('role', 'status');
    expect(announced).toBeEmptyDOMElement();
    await user.click(screen.getByRole('button', { name: 'Sao chép chữ ký' }));
    await waitFor(() => expect(announced).toHaveTextContent('Đã sao chép chữ ký của điểm kiểm tra số 2 vào bộ nhớ tạm'));
    expect(await navigator.clipboard.readText()).toBe(SIGNATURE);
  });

  it('says so before the first checkpoint, and names a broken checkpoint chain in words', async () => {
    stubFetch((req) => {
      const url = new URL(req.url);
      if (url.pathname.endsWith('/ledger-checkpoint')) return { status: 404, body: { status: 404, code: 'budget.no_checkpoint', title: 'Not found' } };
      if (url.pathname.endsWith('/ledger/verify')) return { body: { ok: false, entries: 10, problem: 'checkpoint', detail: 'checkpoint 3: signature not valid' } };
      return undefined;
    });
    renderWithProviders(<LedgerVerify rows={[]} onOpen={() => {}} />, { user: makeUser('viewer') });
    expect(await screen.findByText(/Chưa có điểm kiểm tra nào/)).toBeInTheDocument();
    await userEvent.click(screen.getByTestId('ledger-verify'));
    expect(await screen.findByTestId('ledger-verify-result')).toHaveTextContent('các điểm kiểm tra đã ký của sổ cái đã bị sửa');
  });
});
