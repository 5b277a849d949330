import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import type { BodyOf, ItemOf, QueryOf, ResponseOf } from '@/lib/api/types';
import { upload } from '@/lib/api/upload';

export type Enterprise = ResponseOf<'/api/v1/enterprises/{id}'>;
export type EnterpriseListItem = ItemOf<'/api/v1/enterprises'>;
export type EnterpriseCreate = BodyOf<'/api/v1/enterprises'>;
export type EnterpriseUpdate = BodyOf<'/api/v1/enterprises/{id}', 'patch'>;
export type EnterpriseQuery = QueryOf<'/api/v1/enterprises'>;
export type ImportResult = ResponseOf<'/api/v1/enterprises/import', 'post'>;

export const enterpriseKeys = {
  all: ['enterprises'] as const,
  list: (q: object) => ['enterprises', 'list', q] as const,
  detail: (id: string) => ['enterprises', 'detail', id] as const,
};

export function useEnterprises(query: EnterpriseQuery) {
  return useQuery({
    queryKey: enterpriseKeys.list(query),
    queryFn: () => unwrap(api.GET('/api/v1/enterprises', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function useEnterprise(id: string | undefined) {
  return useQuery({
    queryKey: enterpriseKeys.detail(id ?? ''),
    enabled: !!id,
    queryFn: () => unwrap(api.GET('/api/v1/enterprises/{id}', { params: { path: { id: id! } } })),
  });
}

export function useSaveEnterprise(id?: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: EnterpriseCreate | EnterpriseUpdate) =>
      id
        ? unwrap(api.PATCH('/api/v1/enterprises/{id}', { params: { path: { id } }, body: body as EnterpriseUpdate }))
        : unwrap(api.POST('/api/v1/enterprises', { body: body as EnterpriseCreate })),
    onSuccess: (e) => {
      qc.setQueryData(enterpriseKeys.detail(e.id), e);
      void qc.invalidateQueries({ queryKey: enterpriseKeys.all });
      void qc.invalidateQueries({ queryKey: ['dashboard'] });
    },
  });
}

export function useArchiveEnterprise(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/enterprises/{id}', { params: { path: { id } } })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: enterpriseKeys.all }),
  });
}

/** Imports a CSV; `onProgress` hears the fraction of the file sent (then the registry checks
 * and writes every row, all or none, before it answers). */
export function useImportEnterprises(onProgress: (fraction: number) => void = () => {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return (await upload('/enterprises/import', form, onProgress)) as ImportResult;
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: enterpriseKeys.all });
      void qc.invalidateQueries({ queryKey: ['dashboard'] });
    },
  });
}

/** The projects whose beneficiary is this enterprise (shown on its page). */
export function useEnterpriseProjects(id: string) {
  return useQuery({
    queryKey: ['projects', 'list', { beneficiary_enterprise_id: id, page_size: 50 }],
    enabled: !!id,
    queryFn: () => unwrap(api.GET('/api/v1/projects', { params: { query: { beneficiary_enterprise_id: id, page_size: 50, sort: '-fiscal_year' } } })),
  });
}
