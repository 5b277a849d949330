import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import type { BodyOf, ItemOf, QueryOf, ResponseOf } from '@/lib/api/types';

export type TypicalProduct = ResponseOf<'/api/v1/typical-products/{id}'>;
export type TypicalProductListItem = ItemOf<'/api/v1/typical-products'>;
export type TypicalProductCreate = BodyOf<'/api/v1/typical-products'>;
export type TypicalProductQuery = QueryOf<'/api/v1/typical-products'>;

export const typicalProductKeys = {
  all: ['typical-products'] as const,
  list: (q: object) => ['typical-products', 'list', q] as const,
  detail: (id: string) => ['typical-products', 'detail', id] as const,
};

export function useTypicalProducts(query: TypicalProductQuery) {
  return useQuery({
    queryKey: typicalProductKeys.list(query),
    queryFn: () => unwrap(api.GET('/api/v1/typical-products', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function useTypicalProduct(id: string) {
  return useQuery({
    queryKey: typicalProductKeys.detail(id),
    enabled: !!id,
    queryFn: () => unwrap(api.GET('/api/v1/typical-products/{id}', { params: { path: { id } } })),
  });
}

export function useSaveTypicalProduct(id?: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<TypicalProductCreate>) =>
      id
        ? unwrap(api.PATCH('/api/v1/typical-products/{id}', { params: { path: { id } }, body }))
        : unwrap(api.POST('/api/v1/typical-products', { body: body as TypicalProductCreate })),
    onSuccess: (p) => {
      qc.setQueryData(typicalProductKeys.detail(p.id), p);
      void qc.invalidateQueries({ queryKey: typicalProductKeys.all });
      void qc.invalidateQueries({ queryKey: ['dashboard'] });
    },
  });
}
