import { can } from './permissions';

const u = (role: string, enterprise_id: string | null = null) => ({ role, enterprise_id });

describe('can', () => {
  it('lets officers write the registry and projects', () => {
    expect(can(u('program_officer'), 'registry.create')).toBe(true);
    expect(can(u('program_officer'), 'project.edit')).toBe(true);
    expect(can(u('program_officer'), 'budget.allocate')).toBe(false);
  });
  it('lets managers allocate, not write projects', () => {
    expect(can(u('program_manager'), 'budget.allocate')).toBe(true);
    expect(can(u('program_manager'), 'project.create')).toBe(false);
  });
  it('lets finance appropriate only', () => {
    expect(can(u('finance_officer'), 'budget.appropriate')).toBe(true);
    expect(can(u('finance_officer'), 'budget.allocate')).toBe(false);
    expect(can(u('finance_officer'), 'registry.create')).toBe(false);
  });
  it('binds enterprise users to their own enterprise', () => {
    expect(can(u('enterprise', 'e1'), 'project.create')).toBe(true);
    expect(can(u('enterprise', 'e1'), 'project.edit', 'e1')).toBe(true);
    expect(can(u('enterprise', 'e1'), 'project.edit', 'e2')).toBe(false);
    expect(can(u('enterprise', 'e1'), 'registry.edit', 'e2')).toBe(false);
    expect(can(u('enterprise', 'e1'), 'registry.create')).toBe(false);
  });
  it('gives viewers nothing to write', () => {
    expect(can(u('viewer'), 'project.create')).toBe(false);
    expect(can(u('viewer'), 'registry.edit')).toBe(false);
    expect(can(null, 'project.create')).toBe(false);
  });
  it('shows reports to staff and viewers, lets only the manager issue them', () => {
    for (const role of ['admin', 'program_manager', 'program_officer', 'finance_officer', 'viewer']) {
      expect(can(u(role), 'reports.view')).toBe(true);
    }
    expect(can(u('enterprise', 'e1'), 'reports.view')).toBe(false);
    expect(can(u('program_manager'), 'reports.issue')).toBe(true);
    expect(can(u('program_officer'), 'reports.issue')).toBe(false);
    expect(can(u('admin'), 'reports.issue')).toBe(false);
  });
});
