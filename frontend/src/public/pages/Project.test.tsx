import { render, screen } from '@testing-library/react';
import { Project } from './Project';

const DETAIL = {
  code: 'KC-2017-0001',
  title: 'Ứng dụng máy phun sơn tĩnh điện',
  category: 'technology_transfer',
  activity_type: 'machinery_application',
  level: 'local',
  fiscal_year: 2017,
  status: 'in_progress',
  commune: null,
  beneficiary: null,
  funding_source: 'local',
  decision_number: '123/QĐ-SCT',
  decision_date: '2017-02-15',
  start_on: '2017-03-01',
  end_on: '2017-11-30',
  approved_support_vnd: 280_000_000,
  disbursed_vnd: 0,
  accepted_support_vnd: null,
  accepted_on: null,
  settled_on: null,
  disbursements: [],
  changes: [
    { kind: 'budget', decision_number: '210/QĐ-SCT', decision_date: '2017-06-15', approved_support_before_vnd: 300_000_000, approved_support_after_vnd: 280_000_000 },
    { kind: 'schedule', decision_number: '211/QĐ-SCT', decision_date: '2017-06-20', approved_support_before_vnd: null, approved_support_after_vnd: null },
  ],
};

describe('a published project', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('lists the decisions that changed it beside the changed amount', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify(DETAIL), { status: 200, headers: { 'Content-Type': 'application/json' } })));
    render(<Project code="KC-2017-0001" />);
    const changes = await screen.findByTestId('public-changes');
    expect(changes).toHaveTextContent('Điều chỉnh kinh phí theo Quyết định số 210/QĐ-SCT ngày 15/06/2017: kinh phí hỗ trợ 300.000.000 đ → 280.000.000 đ');
    expect(changes).toHaveTextContent('Điều chỉnh thời gian thực hiện theo Quyết định số 211/QĐ-SCT ngày 20/06/2017');
    expect(screen.getByText('Kinh phí hỗ trợ được duyệt (sau điều chỉnh)')).toBeInTheDocument();
  });
});
