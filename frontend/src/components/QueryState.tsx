import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconInbox } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { codeMessage, problemMessage } from '@/lib/api/localize';
import { isApiError } from '@/lib/api/problem';

export function LoadingState({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <Center py="xl" data-testid="loading-state" role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader size="md" aria-hidden />
        <Text size="sm" c="dimmed">
          {label ?? t('common.loading')}
        </Text>
      </Stack>
    </Center>
  );
}

export function EmptyState({ children }: { children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Center py="xl" data-testid="empty-state">
      <Stack align="center" gap="xs">
        <IconInbox size={32} aria-hidden color="var(--mantine-color-gray-6)" />
        <Text c="dimmed">{children ?? t('common.empty')}</Text>
      </Stack>
    </Center>
  );
}

export function errorMessage(error: unknown, t: (k: string) => string): string {
  if (isApiError(error)) {
    const generic = !error.code || error.code === 'auth.forbidden' || error.code === 'not_found';
    if (error.status === 403 && generic) return t('errors.forbidden');
    if (error.status === 404 && generic) return t('errors.notFound');
    if (error.status >= 500) return codeMessage(error.code) ?? error.problem.detail ?? t('errors.server');
    return problemMessage(error.problem) ?? t('errors.generic');
  }
  if (error instanceof TypeError) return t('errors.network');
  return t('errors.generic');
}

/** Whether asking again may help: not for a refusal (403), a missing record (404) or bad input. */
export function isRetryable(error: unknown): boolean {
  if (!isApiError(error)) return true; // network failure, or something the UI does not know
  return error.status >= 500 || error.status === 408 || error.status === 429;
}

export function ErrorState({ error, onRetry, backTo = '/' }: { error: unknown; onRetry?: () => void; backTo?: string }) {
  const { t } = useTranslation();
  const status = isApiError(error) ? error.status : undefined;
  const code = isApiError(error) ? error.code : undefined;
  const title =
    status === 403
      ? t('errorPages.forbiddenTitle')
      : status === 404
        ? t('errorPages.notFoundTitle')
        : status !== undefined && status >= 500
          ? t('errorPages.serverTitle')
          : error instanceof TypeError
            ? t('errorPages.networkTitle')
            : t('errors.title');
  const text =
    status === 403 && (!code || code === 'auth.forbidden')
      ? t('errorPages.forbiddenText')
      : status === 404 && (!code || code === 'not_found')
        ? t('errorPages.notFoundText')
        : errorMessage(error, t);
  return (
    <Alert color="red" icon={<IconAlertTriangle aria-hidden />} title={title} data-testid="error-state" role="alert">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{text}</Text>
        {code && (
          <Text size="xs" c="dimmed">
            {t('errors.code', { code })}
          </Text>
        )}
        {onRetry && isRetryable(error) && (
          <Button size="xs" variant="light" color="red" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        )}
        {(status === 403 || status === 404) && (
          <Button size="xs" variant="light" component={Link} to={backTo}>
            {backTo === '/' ? t('errorPages.backHome') : t('errorPages.back')}
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

interface QueryLike<T> {
  data: T | undefined;
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
}

/** Loading, error and empty states for a query; renders `children(data)` otherwise. */
export function QueryState<T>({
  query,
  isEmpty,
  empty,
  children,
}: {
  query: QueryLike<T>;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <LoadingState />;
  if (query.isError || query.data === undefined) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (isEmpty?.(query.data)) return <EmptyState>{empty}</EmptyState>;
  return <>{children(query.data)}</>;
}
