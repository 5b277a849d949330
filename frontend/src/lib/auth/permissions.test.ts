import { can } from './permissions';

const u = (role: string, enterprise_id: string | null = null) => ({ role, enterprise_id });

describe('can', () => {
  it('lets officers write the registry and projects, not approve', () => {
    expect(can(u('program_officer'), 'registry.create')).toBe(true);
    expect(can(u('program_officer'), 'project.appraisal')).toBe(true);
    expect(can(u('program_officer'), 'project.approval')).toBe(false);
  });
  it('lets managers approve, reject, cancel and allocate', () => {
    for (const a of ['project.approval', 'project.rejection', 'project.cancellation', 'budget.allocate'] as const) expect(can(u('program_manager'), a)).toBe(true);
    expect(can(u('program_manager'), 'project.advances')).toBe(false);
  });
  it('lets finance appropriate, advance and settle only', () => {
    for (const a of ['budget.appropriate', 'project.advances', 'project.settlement'] as const) expect(can(u('finance_officer'), a)).toBe(true);
    expect(can(u('finance_officer'), 'project.approval')).toBe(false);
    expect(can(u('finance_officer'), 'registry.create')).toBe(false);
  });
  it('binds enterprise users to their own enterprise', () => {
    expect(can(u('enterprise', 'e1'), 'project.create')).toBe(true);
    expect(can(u('enterprise', 'e1'), 'project.submit', 'e1')).toBe(true);
    expect(can(u('enterprise', 'e1'), 'project.submit', 'e2')).toBe(false);
    expect(can(u('enterprise', 'e1'), 'registry.edit', 'e2')).toBe(false);
    expect(can(u('enterprise', 'e1'), 'registry.create')).toBe(false);
  });
  it('gives viewers nothing to write', () => {
    expect(can(u('viewer'), 'project.create')).toBe(false);
    expect(can(u('viewer'), 'registry.edit')).toBe(false);
    expect(can(null, 'project.create')).toBe(false);
  });
});
