import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import type { ResponseOf } from '@/lib/api/types';

export type Dashboard = ResponseOf<'/api/v1/dashboard'>;

export const dashboardKeys = { year: (year: number) => ['dashboard', year] as const };

export function useDashboard(year: number) {
  return useQuery({
    queryKey: dashboardKeys.year(year),
    queryFn: () => unwrap(api.GET('/api/v1/dashboard', { params: { query: { year } } })),
  });
}
