import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import type { ItemOf, QueryOf } from '@/lib/api/types';

export type AuditEvent = ItemOf<'/api/v1/audit-events'>;
export type AuditQuery = QueryOf<'/api/v1/audit-events'>;

export function useAuditEvents(query: AuditQuery) {
  return useQuery({ queryKey: ['audit', query], queryFn: () => unwrap(api.GET('/api/v1/audit-events', { params: { query } })), placeholderData: keepPreviousData });
}
