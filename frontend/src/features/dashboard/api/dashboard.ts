import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import type { ResponseOf } from '@/lib/api/types';

export type Dashboard = ResponseOf<'/api/v1/dashboard'>;

export const dashboardKeys = { year: (year: number) => ['dashboard', year] as const };

/** The dashboard of `year`; null waits (the year is still being chosen). */
export function useDashboard(year: number | null) {
  return useQuery({
    queryKey: dashboardKeys.year(year ?? 0),
    enabled: year !== null,
    queryFn: () => unwrap(api.GET('/api/v1/dashboard', { params: { query: { year: year! } } })),
  });
}
