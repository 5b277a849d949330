import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import type { BodyOf, ItemOf, QueryOf, ResponseOf } from '@/lib/api/types';

export type CraftVillage = ResponseOf<'/api/v1/craft-villages/{id}'>;
export type CraftVillageListItem = ItemOf<'/api/v1/craft-villages'>;
export type CraftVillageCreate = BodyOf<'/api/v1/craft-villages'>;
export type CraftVillageQuery = QueryOf<'/api/v1/craft-villages'>;

export const craftVillageKeys = {
  all: ['craft-villages'] as const,
  list: (q: object) => ['craft-villages', 'list', q] as const,
  detail: (id: string) => ['craft-villages', 'detail', id] as const,
};

export function useCraftVillages(query: CraftVillageQuery) {
  return useQuery({
    queryKey: craftVillageKeys.list(query),
    queryFn: () => unwrap(api.GET('/api/v1/craft-villages', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function useCraftVillage(id: string) {
  return useQuery({
    queryKey: craftVillageKeys.detail(id),
    enabled: !!id,
    queryFn: () => unwrap(api.GET('/api/v1/craft-villages/{id}', { params: { path: { id } } })),
  });
}

export function useSaveCraftVillage(id?: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<CraftVillageCreate>) =>
      id
        ? unwrap(api.PATCH('/api/v1/craft-villages/{id}', { params: { path: { id } }, body }))
        : unwrap(api.POST('/api/v1/craft-villages', { body: body as CraftVillageCreate })),
    onSuccess: (c) => {
      qc.setQueryData(craftVillageKeys.detail(c.id), c);
      void qc.invalidateQueries({ queryKey: craftVillageKeys.all });
      void qc.invalidateQueries({ queryKey: ['dashboard'] });
    },
  });
}

/** The enterprises registered in this craft village (shown on its page). */
export function useCraftVillageEnterprises(id: string) {
  return useQuery({
    queryKey: ['enterprises', 'list', { craft_village_id: id, page_size: 50 }],
    enabled: !!id,
    queryFn: () => unwrap(api.GET('/api/v1/enterprises', { params: { query: { craft_village_id: id, page_size: 50, sort: 'name' } } })),
  });
}
