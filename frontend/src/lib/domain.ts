import type { BodyOf, ResponseOf } from '@/lib/api/types';

// Enumerations of the API (docs/api.md, gateway/openapi.json); labels come from i18n (`enum.<name>.<value>`).
export const ROLES = ['admin', 'program_manager', 'program_officer', 'finance_officer', 'enterprise', 'viewer'] as const;
export type Role = (typeof ROLES)[number] | 'integration';

export const ENTERPRISE_KINDS = ['enterprise', 'cooperative', 'cooperative_group', 'household_business', 'cooperative_union'] as const;
export const ENTERPRISE_SIZES = ['micro', 'small', 'medium', 'large'] as const;
export const ENTERPRISE_STATUSES = ['active', 'suspended', 'dissolved'] as const;
export const GENDERS = ['male', 'female', 'other'] as const;
export const PRODUCT_GROUPS = ['handicraft', 'agro_food', 'machinery', 'other'] as const;
export const PRODUCT_TIERS = ['district', 'provincial', 'regional', 'national'] as const;
/** The nine categories of Decree 45 Art. 4 are the server's enum (`BudgetCategory` in the
 * OpenAPI); labels are i18n's `enum.category.<value>`. Keyed by every category (tsc fails when the
 * server adds or renames one), so this also gives their order, the decree's. */
export type Category = BodyOf<'/api/v1/budget/years/{year}/allocations'>['category'];
const CATEGORY_ORDER: Record<Category, number> = {
  training: 1,
  capacity_building: 2,
  technology_transfer: 3,
  products_and_trade: 4,
  consulting: 5,
  information: 6,
  clusters_and_environment: 7,
  international_cooperation: 8,
  program_management: 9,
};
export const CATEGORIES: readonly Category[] = (Object.keys(CATEGORY_ORDER) as Category[]).sort((a, b) => CATEGORY_ORDER[a] - CATEGORY_ORDER[b]);
export const PROJECT_LEVELS = ['local', 'national'] as const;
export const FUNDING_SOURCES = ['local', 'national', 'other'] as const;

/** Project statuses and transitions are the server's (the generated API types); which
 * transitions a caller may post on a project now is its `allowed_actions`. */
type ProjectOut = ResponseOf<'/api/v1/projects/{project_id}'>;
export type ProjectStatus = ProjectOut['status'];
export type Transition = ProjectOut['allowed_actions'][number];

// Keyed by every status (tsc fails when the server adds one), so it also gives their order.
export const STATUS_COLORS: Record<ProjectStatus, string> = {
  draft: 'gray',
  submitted: 'blue',
  appraised: 'cyan',
  approved: 'teal',
  in_progress: 'indigo',
  accepted: 'lime',
  settled: 'green',
  rejected: 'red',
  cancelled: 'dark',
};

export const PROJECT_STATUSES = Object.keys(STATUS_COLORS) as ProjectStatus[];

/** The order a project page shows its action buttons in; keyed by every transition. */
const TRANSITION_ORDER: Record<Transition, number> = {
  submit: 0,
  appraisal: 1,
  approval: 2,
  start: 3,
  'progress-reports': 4,
  advances: 5,
  acceptance: 6,
  settlement: 7,
  rejection: 8,
  cancellation: 9,
};

export const byTransitionOrder = (a: Transition, b: Transition) => TRANSITION_ORDER[a] - TRANSITION_ORDER[b];
