import { screen } from '@testing-library/react';
import { renderWithProviders } from '@/test/render';
import { CostEstimateView } from './CostEstimateView';

const LINES = [
  { item: 'Máy phun sơn tĩnh điện', unit: 'máy', quantity: 2, unit_price_vnd: 250_000_000, support_vnd: 250_000_000, counterpart_vnd: 250_000_000, is_management: false },
  { item: 'Chuyên gia hướng dẫn', unit: 'người/ngày', quantity: 2.5, unit_price_vnd: 40_000_000, support_vnd: 50_000_000, counterpart_vnd: 50_000_000, is_management: false },
];

describe('the cost estimate on the project page', () => {
  it('shows every line and the totals, read-only', () => {
    renderWithProviders(<CostEstimateView lines={LINES} project={{ total_cost_vnd: 600_000_000, counterpart_vnd: 300_000_000 }} />);
    const rows = screen.getAllByTestId('cost-view-row');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toHaveTextContent('Chuyên gia hướng dẫnngười/ngày2,540.000.000100.000.00050.000.00050.000.000');
    expect(screen.getByTestId('cost-view-total')).toHaveTextContent('Cộng600.000.000300.000.000300.000.000');
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.queryByTestId('cost-view-adjusted')).toBeNull();
    // a region a keyboard can scroll sideways (axe: scrollable-region-focusable)
    expect(screen.getByRole('region', { name: 'Dự toán chi tiết (Mẫu 1)' })).toHaveAttribute('tabindex', '0');
  });

  it('says when a budget change has since moved the project off the estimate', () => {
    renderWithProviders(<CostEstimateView lines={LINES} project={{ total_cost_vnd: 700_000_000, counterpart_vnd: 420_000_000 }} />);
    expect(screen.getByTestId('cost-view-adjusted').textContent?.replace(/\u00a0/g, ' ')).toBe(
      'Dự toán theo hồ sơ đề nghị. Kinh phí đề án đã được điều chỉnh: tổng kinh phí 700.000.000 ₫, vốn đối ứng 420.000.000 ₫.',
    );
  });
});
