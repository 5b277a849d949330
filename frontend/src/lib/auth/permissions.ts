// Which role may do what (UI gating only; every service checks again and answers 403).
import type { Role, Transition } from '@/lib/domain';

export type Action =
  | 'registry.create'
  | 'registry.edit'
  | 'registry.archive'
  | 'registry.import'
  | 'project.create'
  | 'project.edit'
  | `project.${Transition}`
  | 'budget.program'
  | 'budget.appropriate'
  | 'budget.allocate'
  | 'budget.ledger'
  | 'admin.users'
  | 'admin.audit';

export interface Principal {
  role: Role | string;
  enterprise_id?: string | null;
}

const OFFICER: Role[] = ['admin', 'program_officer'];
const MANAGER: Role[] = ['admin', 'program_manager'];
const FINANCE: Role[] = ['admin', 'finance_officer'];

const RULES: Record<Action, Role[]> = {
  'registry.create': OFFICER,
  'registry.edit': [...OFFICER, 'enterprise'],
  'registry.archive': OFFICER,
  'registry.import': OFFICER,
  'project.create': [...OFFICER, 'enterprise'],
  'project.edit': [...OFFICER, 'enterprise'],
  'project.submit': [...OFFICER, 'enterprise'],
  'project.appraisal': OFFICER,
  'project.approval': MANAGER,
  'project.rejection': MANAGER,
  'project.cancellation': MANAGER,
  'project.start': [...OFFICER, 'program_manager'],
  'project.progress-reports': [...OFFICER, 'enterprise'],
  'project.advances': FINANCE,
  'project.acceptance': OFFICER,
  'project.settlement': FINANCE,
  'budget.program': MANAGER,
  'budget.appropriate': FINANCE,
  'budget.allocate': MANAGER,
  'budget.ledger': ['admin', 'program_manager', 'program_officer', 'finance_officer', 'viewer'],
  'admin.users': ['admin'],
  'admin.audit': ['admin'],
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
