// Enumerations of the API (docs/api.md, gateway/openapi.json); labels come from i18n (`enum.<name>.<value>`).
export const ROLES = ['admin', 'program_manager', 'program_officer', 'finance_officer', 'enterprise', 'viewer'] as const;
export type Role = (typeof ROLES)[number] | 'integration';

export const ENTERPRISE_KINDS = ['enterprise', 'cooperative', 'cooperative_group', 'household_business', 'cooperative_union'] as const;
export const ENTERPRISE_SIZES = ['micro', 'small', 'medium', 'large'] as const;
export const ENTERPRISE_STATUSES = ['active', 'suspended', 'dissolved'] as const;
export const GENDERS = ['male', 'female', 'other'] as const;
export const PRODUCT_GROUPS = ['handicraft', 'agro_food', 'machinery', 'other'] as const;
export const PRODUCT_TIERS = ['district', 'provincial', 'regional', 'national'] as const;
export const CATEGORIES = [
  'training',
  'capacity_building',
  'technology_transfer',
  'products_and_trade',
  'consulting',
  'information',
  'clusters_and_environment',
  'international_cooperation',
  'program_management',
] as const;
export type Category = (typeof CATEGORIES)[number];
export const PROJECT_STATUSES = ['draft', 'submitted', 'appraised', 'approved', 'in_progress', 'accepted', 'settled', 'rejected', 'cancelled'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];
export const PROJECT_LEVELS = ['local', 'national'] as const;
export const FUNDING_SOURCES = ['local', 'national', 'other'] as const;

/** Activity types by category (fallback when GET /activity-types is unavailable). */
export const ACTIVITY_TYPES: Record<Category, readonly string[]> = {
  training: ['vocational_training'],
  capacity_building: ['management_training', 'cleaner_production_capacity', 'enterprise_founding', 'market_expansion'],
  technology_transfer: ['demonstration_model', 'machinery_application', 'technology_transfer', 'cleaner_production_pilot'],
  products_and_trade: ['typical_product_selection', 'trade_fair_domestic', 'trade_fair_abroad', 'brand_building', 'showroom'],
  consulting: ['consulting'],
  information: ['information'],
  clusters_and_environment: [
    'business_association',
    'industrial_cluster_planning',
    'industrial_cluster_infrastructure',
    'pollution_relocation',
    'pollution_treatment',
  ],
  international_cooperation: ['international_cooperation'],
  program_management: ['program_management'],
};

export type Transition =
  | 'submit'
  | 'appraisal'
  | 'approval'
  | 'rejection'
  | 'start'
  | 'progress-reports'
  | 'advances'
  | 'acceptance'
  | 'settlement'
  | 'cancellation';

/** From which statuses each transition may be posted (the server has the final word: 409). */
export const TRANSITION_FROM: Record<Transition, readonly ProjectStatus[]> = {
  submit: ['draft'],
  appraisal: ['submitted'],
  approval: ['appraised'],
  rejection: ['submitted', 'appraised'],
  start: ['approved'],
  'progress-reports': ['in_progress'],
  advances: ['approved', 'in_progress'],
  acceptance: ['in_progress'],
  settlement: ['accepted'],
  cancellation: ['draft', 'submitted', 'appraised', 'approved', 'in_progress'],
};

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
