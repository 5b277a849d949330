import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { renderWithProviders } from '@/test/render';
import { emptyRow, type CostRow } from '../lib/costs';
import { CostEstimateTable } from './CostEstimateTable';

const LONG = 'Thuê chuyên gia hướng dẫn vận hành dây chuyền sấy hạt điều tự động, chuyển giao quy trình';

function Editor({ start, onTotals = () => {} }: { start: CostRow[]; onTotals?: (t: unknown) => void }) {
  const [rows, setRows] = useState(start);
  return <CostEstimateTable rows={rows} onChange={setRows} project={{ total_cost_vnd: 100_000_000, requested_support_vnd: 50_000_000, counterpart_vnd: 50_000_000 }} onUseTotals={onTotals} />;
}

describe('the cost estimate editor', () => {
  it('gives each line its description across the table and its figures under it', async () => {
    renderWithProviders(<Editor start={[{ ...emptyRow(), item: LONG, unit: 'người/ngày', quantity: 2.5, unit_price_vnd: 40_000_000, support_vnd: 50_000_000, counterpart_vnd: 50_000_000 }]} />);
    const item = screen.getByRole('textbox', { name: 'Nội dung chi 1' });
    expect(item.tagName).toBe('TEXTAREA'); // a long description wraps instead of being cut
    expect(item).toHaveValue(LONG);
    expect(item.closest('td')).toHaveAttribute('colspan', '7');
    expect(screen.getByRole('textbox', { name: 'Đơn vị tính 1' })).toHaveValue('người/ngày');
    expect(screen.getByTestId('cost-amount').textContent?.replace(/\u00a0/g, ' ')).toBe('100.000.000 ₫');
    expect(screen.getByTestId('cost-agrees')).toBeInTheDocument();
  });

  it('adds and removes lines, the totals following', async () => {
    renderWithProviders(<Editor start={[{ ...emptyRow(), item: 'Máy', unit: 'máy', quantity: 1, unit_price_vnd: 100_000_000, support_vnd: 50_000_000, counterpart_vnd: 50_000_000 }]} />);
    await userEvent.click(screen.getByTestId('cost-add'));
    expect(screen.getAllByTestId('cost-row')).toHaveLength(2);
    await userEvent.type(screen.getByRole('textbox', { name: 'Đơn giá (đồng) 2' }), '20000000');
    await userEvent.type(screen.getByRole('textbox', { name: 'Số lượng 2' }), '1');
    expect(screen.getByTestId('cost-total').textContent?.replace(/\u00a0/g, ' ')).toBe('120.000.000 ₫');
    expect(within(screen.getByTestId('cost-problems')).getByText(/dự toán 120.000.000/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Xóa dòng 2' }));
    expect(screen.getAllByTestId('cost-row')).toHaveLength(1);
    expect(screen.getByTestId('cost-agrees')).toBeInTheDocument();
  });
});
