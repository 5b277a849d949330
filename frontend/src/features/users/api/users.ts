import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import type { BodyOf, ItemOf, QueryOf } from '@/lib/api/types';

export type User = ItemOf<'/api/v1/users'>;
export type UserCreate = BodyOf<'/api/v1/users'>;
export type UserUpdate = BodyOf<'/api/v1/users/{user_id}', 'patch'>;
export type UserQuery = QueryOf<'/api/v1/users'>;

export const userKeys = { all: ['users'] as const, list: (q: object) => ['users', 'list', q] as const };

export function useUsers(query: UserQuery) {
  return useQuery({ queryKey: userKeys.list(query), queryFn: () => unwrap(api.GET('/api/v1/users', { params: { query } })), placeholderData: keepPreviousData });
}

export function useSaveUser(id?: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Omit<UserCreate, 'is_active'> | UserUpdate) =>
      id ? unwrap(api.PATCH('/api/v1/users/{user_id}', { params: { path: { user_id: id } }, body: body as UserUpdate })) : unwrap(api.POST('/api/v1/users', { body: body as UserCreate })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: userKeys.all }),
  });
}
