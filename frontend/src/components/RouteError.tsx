import { Button, Container, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { isApiError } from '@/lib/api/problem';

/** What happened, in the UI language, with a way back. Asking again helps only when the server
 * or the network failed, so a refusal (403) or a missing page (404) offers no "retry". */
export function RouteError({ notFound: forced = false }: { notFound?: boolean }) {
  const { t } = useTranslation();
  const err = useRouteError();
  const status = forced ? 404 : isRouteErrorResponse(err) ? err.status : isApiError(err) ? err.status : undefined;
  const [title, text] =
    status === 404
      ? forced || isRouteErrorResponse(err)
        ? [t('errors.pageNotFound'), t('errorPages.pageNotFoundText')]
        : [t('errorPages.notFoundTitle'), t('errorPages.notFoundText')]
      : status === 403
        ? [t('errorPages.forbiddenTitle'), t('errorPages.forbiddenText')]
        : status !== undefined && status >= 500
          ? [t('errorPages.serverTitle'), t('errors.server')]
          : [t('errors.title'), t('errors.generic')];
  const retry = status !== 403 && status !== 404;
  return (
    <Container py="xl" data-testid="route-error">
      <Stack align="flex-start">
        <Title order={1}>{title}</Title>
        <Text>{text}</Text>
        <Group>
          <Button component={Link} to="/">
            {t('errorPages.backHome')}
          </Button>
          {retry && (
            <Button variant="light" onClick={() => window.location.reload()}>
              {t('common.retry')}
            </Button>
          )}
        </Group>
      </Stack>
    </Container>
  );
}
