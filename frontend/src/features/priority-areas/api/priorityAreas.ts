import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import type { BodyOf, ItemOf, QueryOf } from '@/lib/api/types';

export type PriorityArea = ItemOf<'/api/v1/priority-areas'>;
export type PriorityAreaCreate = BodyOf<'/api/v1/priority-areas'>;
export type PriorityAreaUpdate = BodyOf<'/api/v1/priority-areas/{area_id}', 'patch'>;
export type PriorityAreaQuery = QueryOf<'/api/v1/priority-areas'>;

const keys = { all: ['priority-areas'] as const, list: (q: object) => ['priority-areas', 'list', q] as const };

export function usePriorityAreas(query: PriorityAreaQuery, enabled = true) {
  return useQuery({
    queryKey: keys.list(query),
    enabled,
    queryFn: () => unwrap(api.GET('/api/v1/priority-areas', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

/** Marks a unit (no `id`) or changes a mark: its end date, uplift or legal basis. */
export function useSavePriorityArea(id?: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PriorityAreaCreate | PriorityAreaUpdate) =>
      id
        ? unwrap(api.PATCH('/api/v1/priority-areas/{area_id}', { params: { path: { area_id: id } }, body: body as PriorityAreaUpdate }))
        : unwrap(api.POST('/api/v1/priority-areas', { body: body as PriorityAreaCreate })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.all }),
  });
}

/** In force on `day`: from its first day to its last (none: open). */
export const inForce = (a: Pick<PriorityArea, 'effective_from' | 'effective_to'>, day: string) =>
  a.effective_from <= day && (!a.effective_to || a.effective_to >= day);

/** The raised level (percent) a project in a unit gets: the program's own mark first, else one
 * for every program (as the server picks); 100 when none is in force. */
export function upliftOf(marks: readonly Pick<PriorityArea, 'program_code' | 'uplift_percent'>[], programCode?: string | null): number {
  const own = marks.find((m) => m.program_code !== null && (!programCode || m.program_code === programCode));
  return (own ?? marks.find((m) => m.program_code === null))?.uplift_percent ?? 100;
}
