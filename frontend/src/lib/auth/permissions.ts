// Which role may do what (UI gating only; every service checks again and answers 403).
import type { Role } from '@/lib/domain';

export type Action =
  | 'registry.create'
  | 'registry.edit'
  | 'registry.archive'
  | 'registry.import'
  | 'project.create'
  | 'project.edit'
  | 'document.upload'
  | 'budget.program'
  | 'budget.appropriate'
  | 'budget.allocate'
  | 'budget.ledger'
  | 'dashboard.view'
  | 'plan.view'
  | 'plan.edit'
  | 'plan.decide'
  | 'change.request'
  | 'change.decide'
  | 'admin.users'
  | 'admin.audit'
  | 'reports.view'
  | 'reports.issue'
  | 'priority.view'
  | 'priority.edit';

export interface Principal {
  role: Role | string;
  enterprise_id?: string | null;
}

// Mirrors the services' role checks: the registry lets admin and program officers write; program
// officers and enterprises (their own) propose projects. Which project transitions a caller may
// post is the server's `allowed_actions`.
const REGISTRY_WRITER: Role[] = ['admin', 'program_officer'];
const OFFICER: Role[] = ['program_officer'];
const MANAGER: Role[] = ['program_manager'];
const FINANCE: Role[] = ['finance_officer'];

const RULES: Record<Action, Role[]> = {
  'registry.create': REGISTRY_WRITER,
  'registry.edit': [...REGISTRY_WRITER, 'enterprise'],
  'registry.archive': REGISTRY_WRITER,
  'registry.import': REGISTRY_WRITER,
  'project.create': [...OFFICER, 'enterprise'],
  'project.edit': [...OFFICER, 'enterprise'],
  'document.upload': ['admin', 'program_manager', 'program_officer', 'finance_officer', 'enterprise'],
  'budget.program': ['admin', 'program_manager'],
  'budget.appropriate': FINANCE,
  'budget.allocate': MANAGER,
  'budget.ledger': ['admin', 'program_manager', 'program_officer', 'finance_officer', 'viewer'],
  'dashboard.view': ['admin', 'program_manager', 'program_officer', 'finance_officer', 'viewer'],
  // Annual plans: officers and the manager build them, the manager submits... and decides.
  'plan.view': ['admin', 'program_manager', 'program_officer', 'finance_officer', 'viewer'],
  'plan.edit': ['program_officer', 'program_manager'],
  'plan.decide': MANAGER,
  'change.request': [...OFFICER, 'enterprise'],
  'change.decide': MANAGER,
  'admin.users': ['admin'],
  'admin.audit': ['admin'],
  'reports.view': ['admin', 'program_manager', 'program_officer', 'finance_officer', 'viewer'],
  'reports.issue': MANAGER,
  // priority areas: read by everyone who proposes or works on projects, kept by the managers
  'priority.view': ['admin', 'program_manager', 'program_officer', 'finance_officer', 'viewer', 'enterprise'],
  'priority.edit': ['admin', 'program_manager'],
};

/**
 * `owner` is the enterprise id the object belongs to (an enterprise, or a project's beneficiary):
 * an enterprise user may act only on its own.
 */
export function can(user: Principal | null | undefined, action: Action, owner?: string | null): boolean {
  if (!user) return false;
  const allowed = RULES[action].includes(user.role as Role);
  if (!allowed) return false;
  if (user.role === 'enterprise' && owner !== undefined) return !!user.enterprise_id && owner === user.enterprise_id;
  return true;
}
