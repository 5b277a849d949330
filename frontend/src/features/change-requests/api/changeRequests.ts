// Change requests (điều chỉnh đề án) of a project. Typed from the published contract until the
// generated schema carries them.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { callJson } from '@/lib/api/json';
import type { Page } from '@/lib/api/types';

export type ChangeKind = 'budget' | 'content' | 'schedule' | 'beneficiary' | 'location';

export interface ChangeRequest {
  id: string;
  project_id: string;
  number?: number;
  kind: ChangeKind;
  reason: string;
  changes: Record<string, unknown>;
  previous?: Record<string, unknown> | null;
  approver?: string;
  status: 'pending' | 'approved' | 'rejected' | string;
  requested_by: string;
  requested_at: string;
  decision_number: string | null;
  decision_date: string | null;
  note: string | null;
  decided_by?: string | null;
  decided_at?: string | null;
}

export interface ChangeRequestIn {
  kind: ChangeKind;
  reason: string;
  changes: Record<string, unknown>;
}

export interface DecisionIn {
  approved: boolean;
  decision_number?: string | null;
  decision_date?: string | null;
  note?: string | null;
}

export const changeKeys = { list: (projectId: string) => ['change-requests', projectId] as const };

export function useChangeRequests(projectId: string) {
  return useQuery({
    queryKey: changeKeys.list(projectId),
    queryFn: () => callJson<Page<ChangeRequest>>('GET', `/projects/${projectId}/change-requests`, { query: { page_size: 100 } }),
  });
}

function useInvalidate(projectId: string) {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: changeKeys.list(projectId) });
    // An approved change rewrites the project (amounts, dates, beneficiary) and its history.
    void qc.invalidateQueries({ queryKey: ['projects'] });
  };
}

export function useRequestChange(projectId: string) {
  const invalidate = useInvalidate(projectId);
  return useMutation({
    mutationFn: (body: ChangeRequestIn) => callJson<ChangeRequest>('POST', `/projects/${projectId}/change-requests`, { body }),
    onSuccess: invalidate,
  });
}

export function useDecideChange(projectId: string) {
  const invalidate = useInvalidate(projectId);
  return useMutation({
    mutationFn: ({ id, body, key }: { id: string; body: DecisionIn; key: string }) =>
      callJson<ChangeRequest>('POST', `/projects/${projectId}/change-requests/${id}/decision`, { body, headers: { 'Idempotency-Key': key } }),
    onSettled: invalidate,
  });
}
