import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import type { ResponseOf } from '@/lib/api/types';

export type TaskList = ResponseOf<'/api/v1/tasks'>;
export type Task = TaskList['items'][number];
export type NotificationPage = ResponseOf<'/api/v1/notifications'>;
export type Notification = NotificationPage['items'][number];

export const taskKeys = {
  list: ['tasks'] as const,
  notifications: (unread: boolean) => ['notifications', unread] as const,
  allNotifications: ['notifications'] as const,
};

export function useTasks(enabled = true) {
  return useQuery({ queryKey: taskKeys.list, enabled, queryFn: () => unwrap(api.GET('/api/v1/tasks')) });
}

/** The caller's notifications; polled once a minute so the bell's count follows the job. */
export function useNotifications(unread = false, enabled = true) {
  return useQuery({
    queryKey: taskKeys.notifications(unread),
    enabled,
    refetchInterval: 60_000,
    queryFn: () => unwrap(api.GET('/api/v1/notifications', { params: { query: { unread, page_size: 20 } } })),
  });
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/v1/notifications/{notification_id}/read', { params: { path: { notification_id: id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: taskKeys.allNotifications }),
  });
}
