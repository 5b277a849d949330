import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderWithProviders } from '@/test/render';
import { filenameOf } from '@/lib/api/client';
import { ExportMenu, exportQuery } from './ExportMenu';

const download = vi.hoisted(() => vi.fn<(path: string, name: string) => Promise<void>>());
vi.mock('@/lib/api/client', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/api/client')>()),
  download,
}));

const show = vi.hoisted(() => vi.fn());
vi.mock('@mantine/notifications', () => ({ notifications: { show } }));

describe('ExportMenu', () => {
  beforeEach(() => {
    download.mockReset().mockResolvedValue(undefined);
    show.mockReset();
  });

  it('offers CSV and Excel in Vietnamese and downloads with the current filters', async () => {
    renderWithProviders(<ExportMenu path="/projects/export" params={{ q: 'sơn mài', status: '', fiscal_year: 2019, sort: '-code' }} name="de-an" />);
    fireEvent.click(screen.getByRole('button', { name: 'Xuất dữ liệu' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Excel (XLSX)' }));
    await waitFor(() => expect(download).toHaveBeenCalledTimes(1));
    const [url, fallback] = download.mock.calls[0] ?? ['', ''];
    const [path, query] = url.split('?');
    expect(path).toMatch(/\/projects\/export$/);
    expect(Object.fromEntries(new URLSearchParams(query))).toEqual({ q: 'sơn mài', fiscal_year: '2019', sort: '-code', format: 'xlsx' });
    expect(fallback).toBe('de-an.xlsx');
  });

  it('downloads CSV', async () => {
    renderWithProviders(<ExportMenu path="/craft-villages/export" params={{ is_traditional: 'true' }} name="lang-nghe" />);
    fireEvent.click(screen.getByRole('button', { name: 'Xuất dữ liệu' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'CSV (mở bằng Excel)' }));
    await waitFor(() => expect(download).toHaveBeenCalledTimes(1));
    expect(download.mock.calls[0]?.[0]).toMatch(/\/craft-villages\/export\?is_traditional=true&format=csv$/);
  });

  it('shows the failure instead of failing silently', async () => {
    download.mockRejectedValue(new Error('boom'));
    renderWithProviders(<ExportMenu path="/audit-events/export" params={{}} name="nhat-ky" />);
    fireEvent.click(screen.getByRole('button', { name: 'Xuất dữ liệu' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: /CSV/ }));
    await waitFor(() => expect(show).toHaveBeenCalledTimes(1));
    expect(show.mock.calls[0]?.[0]).toMatchObject({ color: 'red', title: 'Có lỗi xảy ra' });
  });
});

describe('exportQuery and filenameOf', () => {
  it('leaves out empty filters', () => {
    expect(exportQuery({ a: '', b: null, c: undefined, d: 0, e: false }, 'csv')).toBe('d=0&e=false&format=csv');
  });

  it('prefers the RFC 6266 name, falls back to the plain one', () => {
    expect(filenameOf(`attachment; filename="so-cai-2026-11-30.csv"; filename*=UTF-8''s%E1%BB%95-c%C3%A1i-2026-11-30.csv`)).toBe('sổ-cái-2026-11-30.csv');
    expect(filenameOf('attachment; filename="de-an-2026-11-30.xlsx"')).toBe('de-an-2026-11-30.xlsx');
    expect(filenameOf('attachment')).toBeUndefined();
  });
});
