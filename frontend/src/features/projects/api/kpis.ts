import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import type { ItemOf } from '@/lib/api/types';

/** One indicator of the KPI catalogue (GET /kpis). */
export type Kpi = ItemOf<'/api/v1/kpis'>;

export function useKpis() {
  return useQuery({
    queryKey: ['ref', 'kpis'],
    queryFn: () => unwrap(api.GET('/api/v1/kpis')),
    staleTime: 60 * 60_000,
  });
}
