import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { makeUser, renderWithProviders } from '@/test/render';
import type { Project } from '../api/projects';
import { draftProject } from '../testing';
import { ProjectActions } from './ProjectActions';

const base = draftProject;

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

  it('after a step removes its button, focus goes to the next step, not to the page body', () => {
    let show: (p: Project) => void = () => {};
    function Page() {
      const [p, setP] = useState<Project>({ ...base, allowed_actions: ['submit'] });
      show = setP;
      return <ProjectActions project={p} />;
    }
    renderWithProviders(<Page />, { user: makeUser('program_officer') });
    expect(document.activeElement).toBe(document.body); // loading the page moves nothing
    act(() => show({ ...base, status: 'submitted', allowed_actions: ['appraisal', 'cancellation'] }));
    expect(document.activeElement).toBe(screen.getByTestId('action-appraisal'));
    // the last step taken: focus stays on the group of steps, still in the page
    act(() => (document.activeElement as HTMLElement).blur());
    act(() => show({ ...base, status: 'settled', allowed_actions: [] }));
    expect(document.activeElement).toBe(screen.getByRole('group', { name: 'Các bước tiếp theo của đề án' }));
  });

  it('a dialog closed with its step still offered gives focus back to that step', async () => {
    renderWithProviders(<ProjectActions project={{ ...base, status: 'submitted', allowed_actions: ['appraisal', 'cancellation'] }} />, { user: makeUser('program_officer') });
    await userEvent.click(screen.getByTestId('action-appraisal'));
    await userEvent.click(await screen.findByRole('button', { name: 'Hủy' }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('action-appraisal')));
  });
});
