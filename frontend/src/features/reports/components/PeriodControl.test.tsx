import { screen } from '@testing-library/react';
import { renderWithProviders } from '@/test/render';
import { PeriodControl } from './PeriodControl';

describe('PeriodControl (reports)', () => {
  const original = window.matchMedia;
  afterEach(() => {
    window.matchMedia = original;
  });

  it('lays the six periods out in a row on a wide screen', () => {
    renderWithProviders(<PeriodControl value="year" onChange={() => {}} />);
    expect(screen.getByTestId('report-period')).toHaveAttribute('data-orientation', 'horizontal');
    expect(screen.getByText('Cả năm')).toBeInTheDocument();
  });

  it('stacks them full width on a phone, so none is pushed off the screen', () => {
    window.matchMedia = ((query: string) => ({ ...original(query), matches: query.includes('max-width') })) as typeof window.matchMedia;
    renderWithProviders(<PeriodControl value="year" onChange={() => {}} />);
    const control = screen.getByTestId('report-period');
    expect(control).toHaveAttribute('data-orientation', 'vertical');
    expect(control).toHaveAttribute('data-full-width');
  });
});
