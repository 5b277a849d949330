import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import type { BodyOf, ItemOf, QueryOf, ResponseOf } from '@/lib/api/types';
import type { Transition } from '@/lib/domain';

export type Project = ResponseOf<'/api/v1/projects/{project_id}'>;
export type ProjectListItem = ItemOf<'/api/v1/projects'>;
export type ProjectCreate = BodyOf<'/api/v1/projects'>;
export type ProjectQuery = QueryOf<'/api/v1/projects'>;
export type ProjectHistory = ResponseOf<'/api/v1/projects/{project_id}/history'>;
export type ProjectEvent = ProjectHistory extends { items: Array<infer E> } ? E : never;
export type ActivityCategory = ItemOf<'/api/v1/activity-types'>;

export const projectKeys = {
  all: ['projects'] as const,
  list: (q: object) => ['projects', 'list', q] as const,
  detail: (id: string) => ['projects', 'detail', id] as const,
  history: (id: string) => ['projects', 'history', id] as const,
};

export function useProjects(query: ProjectQuery) {
  return useQuery({
    queryKey: projectKeys.list(query),
    queryFn: () => unwrap(api.GET('/api/v1/projects', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function useProject(id: string) {
  return useQuery({
    queryKey: projectKeys.detail(id),
    enabled: !!id,
    queryFn: () => unwrap(api.GET('/api/v1/projects/{project_id}', { params: { path: { project_id: id } } })),
  });
}

export function useProjectHistory(id: string) {
  return useQuery({
    queryKey: projectKeys.history(id),
    enabled: !!id,
    queryFn: () => unwrap(api.GET('/api/v1/projects/{project_id}/history', { params: { path: { project_id: id } } })),
  });
}

export function useActivityTypes() {
  return useQuery({
    queryKey: ['ref', 'activity-types'],
    queryFn: () => unwrap(api.GET('/api/v1/activity-types')),
    staleTime: 60 * 60_000,
  });
}

export function useSaveProject(id?: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<ProjectCreate>) =>
      id
        ? unwrap(api.PATCH('/api/v1/projects/{project_id}', { params: { path: { project_id: id } }, body }))
        : unwrap(api.POST('/api/v1/projects', { body: body as ProjectCreate })),
    onSuccess: (p) => {
      qc.setQueryData(projectKeys.detail(p.id), p);
      void qc.invalidateQueries({ queryKey: projectKeys.all });
      void qc.invalidateQueries({ queryKey: ['dashboard'] });
    },
  });
}

function isProject(res: unknown, id: string): res is Project {
  return typeof res === 'object' && res !== null && (res as { id?: unknown }).id === id && 'status' in res && 'code' in res;
}

/** POST /projects/{id}/{transition}; the Idempotency-Key is chosen by the caller (one per dialog). */
export function useTransition(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ transition, body, key }: { transition: Transition; body?: Record<string, unknown>; key: string }) =>
      unwrap(
        api.POST(`/api/v1/projects/{project_id}/${transition}` as '/api/v1/projects/{project_id}/approval', {
          params: { path: { project_id: id }, header: { 'Idempotency-Key': key } },
          body: (body ?? undefined) as never,
        }),
      ),
    onSuccess: (res) => {
      // Most transitions answer with the project; a progress report answers with the report
      // (another id). Only the project may go into the project's cache entry, or the page would
      // show the report as the project and ask for the history of the report's id (a 404).
      if (isProject(res, id)) qc.setQueryData(projectKeys.detail(id), res);
      void qc.invalidateQueries({ queryKey: projectKeys.all });
      void qc.invalidateQueries({ queryKey: ['dashboard'] });
      void qc.invalidateQueries({ queryKey: ['budget'] });
    },
  });
}
