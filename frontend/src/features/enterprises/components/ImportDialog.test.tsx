import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError } from '@/lib/api/problem';
import { makeUser, renderWithProviders } from '@/test/render';
import { ImportDialog, rowErrors } from './ImportDialog';

/** A stand-in for the browser's XMLHttpRequest that the test drives: progress, then an answer. */
class FakeXhr {
  static sent: FakeXhr[] = [];
  upload: { onprogress: ((e: Partial<ProgressEvent>) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  status = 0;
  responseText = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown;
  open(_method: string, url: string) {
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: unknown) {
    this.body = body;
    FakeXhr.sent.push(this);
  }
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ lengthComputable: true, loaded, total });
  }
  answer(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.onload?.();
  }
}

describe('importing a CSV', () => {
  beforeEach(() => {
    FakeXhr.sent = [];
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('shows how much of the file is sent, then that the rows are being checked, then the result', async () => {
    renderWithProviders(<ImportDialog opened onClose={() => {}} />, { user: makeUser('program_officer') });
    const input = document.querySelector<HTMLInputElement>('input[type="file"]')!;
    await userEvent.upload(input, new File(['Mã số thuế,Tên doanh nghiệp\n'], 'co-so.csv', { type: 'text/csv' }));
    const status = screen.getByTestId('import-progress');
    expect(status).toHaveAttribute('role', 'status');
    expect(status).toBeEmptyDOMElement();
    await userEvent.click(screen.getByTestId('import-submit'));

    await waitFor(() => expect(FakeXhr.sent).toHaveLength(1));
    const xhr = FakeXhr.sent[0]!;
    expect(xhr.url).toBe('/api/v1/enterprises/import');
    expect((xhr.body as FormData).get('file')).toBeInstanceOf(File);
    act(() => xhr.progress(45, 100));
    expect(status).toHaveTextContent('Đang tải tệp lên: 45%');
    act(() => xhr.progress(100, 100));
    expect(status).toHaveTextContent('Đã tải tệp lên; đang kiểm tra và ghi từng dòng');
    act(() => xhr.answer(201, { imported: 3 }));
    expect(await screen.findByTestId('import-success')).toHaveTextContent('Đã nhập 3 cơ sở');
    expect(status).toBeEmptyDOMElement();
  });

  it('lists the bad rows of a refused file', async () => {
    renderWithProviders(<ImportDialog opened onClose={() => {}} />, { user: makeUser('program_officer') });
    await userEvent.upload(document.querySelector<HTMLInputElement>('input[type="file"]')!, new File(['x'], 'co-so.csv', { type: 'text/csv' }));
    await userEvent.click(screen.getByTestId('import-submit'));
    await waitFor(() => expect(FakeXhr.sent).toHaveLength(1));
    const refused = { status: 422, code: 'registry.import_failed', title: 'x', rows: [{ row: 2, field: 'tax_code', message: 'bad' }, { row: 1, field: 'header', message: 'missing' }] };
    act(() => FakeXhr.sent[0]!.answer(422, refused));
    expect(await screen.findByTestId('import-errors')).toHaveTextContent('Không nhập được: 2 lỗi');
    expect(screen.getByTestId('import-errors')).toHaveTextContent('Dòng tiêu đề'); // not "header"
  });
});

describe('import row errors', () => {
  it('prefers the structured rows list', () => {
    const err = new ApiError(422, {
      code: 'registry.import_failed',
      errors: [{ field: 'row 2: tax_code', message: 'bad' }],
      rows: [{ row: 2, field: 'tax_code', message: 'bad' }],
    });
    expect(rowErrors(err)).toEqual([{ row: 2, field: 'tax_code', message: 'bad' }]);
  });
  it('parses "row N: field" when only errors are sent', () => {
    const err = new ApiError(422, { errors: [{ field: 'row 7: name', message: 'Field required' }, { field: null, message: 'empty file' }] });
    expect(rowErrors(err)).toEqual([
      { row: 7, field: 'name', message: 'Field required' },
      { field: null, message: 'empty file' },
    ]);
  });
});
