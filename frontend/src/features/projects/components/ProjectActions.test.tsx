import { screen } from '@testing-library/react';
import { makeUser, renderWithProviders } from '@/test/render';
import type { Project } from '../api/projects';
import { ProjectActions } from './ProjectActions';

const base: Project = {
  id: 'p1',
  code: 'KC-2017-0012',
  program_code: 'BD-KC-2016-2020',
  title: 'Hỗ trợ máy móc sơn mài',
  activity_type: 'machinery_application',
  category: 'technology_transfer',
  level: 'local',
  fiscal_year: 2017,
  implementing_unit: 'Trung tâm Khuyến công',
  beneficiary_enterprise_id: 'e1',
  craft_village_id: null,
  admin_unit_code: null,
  start_on: null,
  end_on: null,
  total_cost_vnd: 600_000_000,
  requested_support_vnd: 300_000_000,
  counterpart_vnd: 300_000_000,
  objectives: null,
  expected_outcomes: null,
  planned_kpis: {},
  actual_kpis: null,
  cost_lines: null,
  status: 'draft',
  approved_support_vnd: null,
  accepted_support_vnd: null,
  disbursed_vnd: 0,
  commitment_id: null,
  appraisal_score: null,
  recommended_support_vnd: null,
  decision_number: null,
  decision_date: null,
  funding_source: null,
  percent_complete: 0,
  accepted_on: null,
  acceptance_record_number: null,
  advanced_vnd: 0,
  recovered_vnd: 0,
  released_vnd: 0,
  settled_on: null,
  pending_saga: null,
  allowed_actions: [],
  created_by: 'u1',
  created_at: '2017-01-01T00:00:00+07:00',
  updated_at: '2017-01-01T00:00:00+07:00',
};

const buttons = () => screen.queryAllByRole('button').map((b) => b.getAttribute('data-testid'));

describe('ProjectActions: the buttons are the server\'s allowed_actions', () => {
  it('officer: edits and submits a draft, cannot approve', () => {
    renderWithProviders(<ProjectActions project={{ ...base, allowed_actions: ['submit'] }} />, { user: makeUser('program_officer') });
    expect(screen.getByTestId('project-edit')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Nộp hồ sơ' })).toBeInTheDocument();
    expect(screen.queryByTestId('action-approval')).not.toBeInTheDocument();
    expect(screen.queryByTestId('action-cancellation')).not.toBeInTheDocument();
  });

  it('manager: approves, rejects or cancels an appraised project, in display order', () => {
    renderWithProviders(<ProjectActions project={{ ...base, status: 'appraised', allowed_actions: ['cancellation', 'rejection', 'approval'] }} />, { user: makeUser('program_manager') });
    expect(buttons()).toEqual(['action-approval', 'action-rejection', 'action-cancellation']);
  });

  it('finance: pays advances on an approved project, nothing else', () => {
    renderWithProviders(<ProjectActions project={{ ...base, status: 'approved', approved_support_vnd: 300_000_000, allowed_actions: ['advances'] }} />, { user: makeUser('finance_officer') });
    expect(buttons()).toEqual(['action-advances']);
  });

  it('finance: settles an accepted project', () => {
    renderWithProviders(<ProjectActions project={{ ...base, status: 'accepted', allowed_actions: ['settlement'] }} />, { user: makeUser('finance_officer') });
    expect(buttons()).toEqual(['action-settlement']);
  });

  it('viewer: no actions at all', () => {
    renderWithProviders(<ProjectActions project={base} />, { user: makeUser('viewer') });
    expect(buttons()).toEqual([]);
  });

  it("enterprise: submits its own draft, not another enterprise's", () => {
    const { unmount } = renderWithProviders(<ProjectActions project={{ ...base, allowed_actions: ['submit'] }} />, { user: makeUser('enterprise', { enterprise_id: 'e1' }) });
    expect(buttons()).toEqual(['action-submit']);
    expect(screen.getByTestId('project-edit')).toBeInTheDocument();
    unmount();
    renderWithProviders(<ProjectActions project={{ ...base, beneficiary_enterprise_id: 'e2' }} />, { user: makeUser('enterprise', { enterprise_id: 'e1' }) });
    expect(buttons()).toEqual([]);
    expect(screen.queryByTestId('project-edit')).not.toBeInTheDocument();
  });
});
