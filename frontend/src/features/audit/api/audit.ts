import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import type { ItemOf, QueryOf } from '@/lib/api/types';

export type AuditEvent = ItemOf<'/api/v1/audit-events'>;
export type AuditQuery = QueryOf<'/api/v1/audit-events'>;
export type RecordType = NonNullable<AuditQuery['record_type']>;

export function useAuditEvents(query: AuditQuery) {
  return useQuery({ queryKey: ['audit', query], queryFn: () => unwrap(api.GET('/api/v1/audit-events', { params: { query } })), placeholderData: keepPreviousData });
}

/** The people who can appear in the trail, for the "Người thực hiện" filter (the admin sees every user). */
export function useAuditPeople() {
  return useQuery({
    queryKey: ['audit', 'people'],
    queryFn: () => unwrap(api.GET('/api/v1/users', { params: { query: { page_size: 200 } } })),
    staleTime: 5 * 60_000,
  });
}

/** A project's code and title, to name it in the trail (null if it cannot be read: deleted, or refused). */
export function useProjectLabel(id: string | null | undefined) {
  return useQuery({
    queryKey: ['audit', 'project', id],
    enabled: !!id,
    retry: false,
    staleTime: 5 * 60_000,
    queryFn: async () => {
      const p = await unwrap(api.GET('/api/v1/projects/{project_id}', { params: { path: { project_id: id! } } }));
      return `${p.code} – ${p.title}`;
    },
  });
}
