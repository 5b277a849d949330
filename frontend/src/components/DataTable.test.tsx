import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithProviders } from '@/test/render';
import { DataTable } from './DataTable';

const rows = [
  { id: '1', name: 'Gốm Lái Thiêu' },
  { id: '2', name: 'Sơn mài Tương Bình Hiệp' },
];
const columns = [{ key: 'name', header: 'Tên', sortKey: 'name', render: (r: (typeof rows)[number]) => r.name }];

describe('DataTable', () => {
  it('renders rows and toggles the server sort', async () => {
    const onSort = vi.fn();
    renderWithProviders(<DataTable caption="Làng nghề" columns={columns} rows={rows} rowKey={(r) => r.id} sort="name" onSort={onSort} page={1} pageSize={20} total={2} onPage={() => {}} />);
    expect(screen.getAllByTestId('table-row')).toHaveLength(2);
    expect(screen.getByRole('columnheader', { name: /Tên/ })).toHaveAttribute('aria-sort', 'ascending');
    await userEvent.click(screen.getByTestId('sort-name'));
    expect(onSort).toHaveBeenCalledWith('-name');
    expect(screen.getByTestId('table-total')).toHaveTextContent('Tổng số: 2');
  });

  it('says "hơn" a total the server stopped counting at, grouped the Vietnamese way', () => {
    renderWithProviders(<DataTable caption="Cơ sở" columns={columns} rows={rows} rowKey={(r) => r.id} page={1} pageSize={20} total={10000} totalIsExact={false} onPage={() => {}} />);
    expect(screen.getByTestId('table-total')).toHaveTextContent('Tổng số: hơn 10.000');
  });

  it('shows an exact total as it is', () => {
    renderWithProviders(<DataTable caption="Cơ sở" columns={columns} rows={rows} rowKey={(r) => r.id} page={1} pageSize={20} total={9999} totalIsExact onPage={() => {}} />);
    expect(screen.getByTestId('table-total')).toHaveTextContent('Tổng số: 9999');
  });

  it('has loading, empty and error states', () => {
    const { unmount } = renderWithProviders(<DataTable caption="x" columns={columns} rows={undefined} rowKey={(r) => r.id} loading />);
    expect(screen.getByTestId('loading-state')).toBeInTheDocument();
    unmount();
    const empty = renderWithProviders(<DataTable caption="x" columns={columns} rows={[]} rowKey={(r) => r.id} />);
    expect(screen.getByTestId('empty-state')).toHaveTextContent('Chưa có dữ liệu');
    empty.unmount();
    // a search that finds nothing says so, not that there is no data
    const filtered = renderWithProviders(<DataTable caption="x" columns={columns} rows={[]} rowKey={(r) => r.id} filtered />);
    expect(screen.getByTestId('empty-state')).toHaveTextContent('Không có kết quả phù hợp với điều kiện tìm kiếm, lọc');
    filtered.unmount();
    // a shown caption titles the empty state too
    renderWithProviders(<DataTable caption="Chỉ tiêu" showCaption columns={columns} rows={[]} rowKey={(r) => r.id} />);
    expect(screen.getByTestId('table-title')).toHaveTextContent('Chỉ tiêu');
  });

  it('keeps the caption for screen readers only, and shows cards with labels on a phone', () => {
    const { unmount } = renderWithProviders(<DataTable caption="Làng nghề" columns={columns} rows={rows} rowKey={(r) => r.id} />);
    expect(screen.getByRole('table', { name: 'Làng nghề' })).toBeInTheDocument();
    expect(screen.getByText('Làng nghề', { selector: 'caption' })).toHaveStyle({ position: 'absolute' });
    unmount();
    const original = window.matchMedia;
    window.matchMedia = ((query: string) => ({ ...original(query), matches: query.includes('max-width') })) as typeof window.matchMedia;
    try {
      const cols = [...columns, { key: 'craft', header: 'Nghề', render: () => 'Gốm' }];
      renderWithProviders(<DataTable caption="Làng nghề" columns={cols} rows={rows} rowKey={(r) => r.id} sort="name" onSort={() => {}} />);
      expect(screen.queryByRole('table')).toBeNull();
      expect(screen.getByRole('list', { name: 'Làng nghề' })).toBeInTheDocument();
      expect(screen.getAllByTestId('table-row')).toHaveLength(2);
      expect(screen.getAllByText('Nghề')).toHaveLength(2);
      expect(screen.getByTestId('table-sort')).toBeInTheDocument();
    } finally {
      window.matchMedia = original;
    }
  });
});
