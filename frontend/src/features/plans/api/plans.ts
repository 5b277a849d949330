// Annual plans (kế hoạch khuyến công năm). Typed from the published contract until the generated
// schema carries the plan endpoints.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, newIdempotencyKey, unwrap } from '@/lib/api/client';
import { callJson } from '@/lib/api/json';
import type { Page } from '@/lib/api/types';

export type PlanStatus = 'draft' | 'submitted' | 'approved' | string;
export type PlanLevel = 'local' | 'national';

export interface PlanItem {
  project_id: string;
  code: string;
  title: string;
  category: string;
  score: number | null;
  recommended_support_vnd: number;
  rank: number;
}

export interface PlanFitLine {
  category: string;
  funding_source: string;
  planned_vnd: number;
  /** the part not yet committed (items approved by an earlier version are) */
  to_commit_vnd?: number | null;
  allocated_vnd: number | null;
  available_vnd?: number | null;
  fits: boolean | null;
}

export interface Plan {
  id: string;
  fiscal_year: number;
  level: PlanLevel;
  title: string;
  status: PlanStatus;
  version: number;
  items: PlanItem[];
  by_category: PlanFitLine[];
  decision_number: string | null;
  decision_date: string | null;
  /** The steps the caller may take now (`items`, `submit`, `return`, `approval`, `revisions`). */
  allowed_actions?: string[];
}

export interface PlanCreate {
  fiscal_year: number;
  level: PlanLevel;
  title: string;
}

export interface PlanApproval {
  decision_number: string;
  decision_date: string;
  funding_source: string;
}

export const planKeys = {
  all: ['plans'] as const,
  list: (q: Record<string, unknown>) => ['plans', 'list', q] as const,
  detail: (id: string) => ['plans', 'detail', id] as const,
  candidates: (year: number, level: string) => ['plans', 'candidates', year, level] as const,
  summary: (year: number) => ['plans', 'summary', year] as const,
};

export function usePlans(query: { fiscal_year?: number | null; page?: number; page_size?: number }) {
  return useQuery({
    queryKey: planKeys.list(query),
    placeholderData: keepPreviousData,
    queryFn: () => callJson<Page<Plan>>('GET', '/plans', { query }),
  });
}

export function usePlan(id: string) {
  return useQuery({ queryKey: planKeys.detail(id), queryFn: () => callJson<Plan>('GET', `/plans/${id}`) });
}

/** Appraised projects of the plan's year and level: what may go into it (ranked by score here). */
export function useCandidates(year: number, level: string, enabled: boolean) {
  return useQuery({
    queryKey: planKeys.candidates(year, level),
    enabled,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/projects', {
          params: { query: { status: 'appraised', fiscal_year: year, level: level as PlanLevel, page_size: 200, sort: 'code' } },
        }),
      ),
  });
}

/** The year's allocation lines (category × source): what the plan must fit in. */
export function useYearSummary(year: number) {
  return useQuery({
    queryKey: planKeys.summary(year),
    queryFn: () => unwrap(api.GET('/api/v1/budget/years/{year}/summary', { params: { path: { year } } })),
  });
}

export function useCreatePlan() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PlanCreate) => callJson<Plan>('POST', '/plans', { body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: planKeys.all }),
  });
}

type PlanAction =
  | { kind: 'include'; projectId: string }
  | { kind: 'exclude'; projectId: string }
  | { kind: 'submit' }
  | { kind: 'return' }
  | { kind: 'approve'; body: PlanApproval; key: string }
  | { kind: 'revise' };

function run(id: string, action: PlanAction): Promise<Plan> {
  switch (action.kind) {
    case 'include':
      return callJson<Plan>('POST', `/plans/${id}/items`, { body: { project_id: action.projectId } });
    case 'exclude':
      return callJson<Plan>('DELETE', `/plans/${id}/items/${action.projectId}`);
    case 'submit':
      return callJson<Plan>('POST', `/plans/${id}/submit`, { body: {} });
    case 'return':
      return callJson<Plan>('POST', `/plans/${id}/return`, { body: {} });
    case 'approve':
      return callJson<Plan>('POST', `/plans/${id}/approval`, { body: action.body, headers: { 'Idempotency-Key': action.key } });
    case 'revise':
      return callJson<Plan>('POST', `/plans/${id}/revisions`, { body: {} });
  }
}

export function usePlanAction(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (action: PlanAction) => run(id, action),
    // The answer is the plan as it now stands: show it at once (the fit follows each include).
    onSuccess: (plan) => qc.setQueryData(planKeys.detail(plan.id), plan),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: planKeys.all });
      // Approval moves money and changes projects.
      void qc.invalidateQueries({ queryKey: ['projects'] });
      void qc.invalidateQueries({ queryKey: ['tasks'] });
    },
  });
}

export { newIdempotencyKey };
