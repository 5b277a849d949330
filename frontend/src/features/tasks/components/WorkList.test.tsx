import { screen, within } from '@testing-library/react';
import { makeUser, renderWithProviders, stubFetch } from '@/test/render';
import { WorkList } from './WorkList';

const task = {
  kind: 'plan_due',
  fiscal_year: 2021,
  level: 'local',
  due_on: '2020-05-20',
  overdue: true,
};

describe('WorkList', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('on a phone the due date and the overdue badge sit under the title, not in a column off the screen', async () => {
    stubFetch((req) => (req.url.includes('/api/v1/tasks') ? { body: { items: [task], today: '2020-12-15', warnings: [] } } : undefined));
    renderWithProviders(<WorkList />, { user: makeUser('program_manager') });
    const compact = await screen.findByTestId('work-item-compact');
    expect(compact).toHaveTextContent('Hạn: 20/05/2020');
    expect(within(compact).getByText('Quá hạn')).toBeInTheDocument();
    // the desktop columns are there too, shown from the "sm" breakpoint up
    const dueHeader = screen.getByRole('columnheader', { name: 'Hạn' });
    expect(dueHeader.className).toMatch(/visible-from-sm/);
    expect(compact.className).toMatch(/hidden-from-sm/);
  });
});
