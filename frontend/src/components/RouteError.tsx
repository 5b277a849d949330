import { Button, Container, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';

export function RouteError({ notFound: forced = false }: { notFound?: boolean }) {
  const { t } = useTranslation();
  const err = useRouteError();
  const notFound = forced || (isRouteErrorResponse(err) && err.status === 404);
  return (
    <Container py="xl" data-testid="route-error">
      <Stack align="flex-start">
        <Title order={1}>{notFound ? t('errors.pageNotFound') : t('errors.title')}</Title>
        <Text>{notFound ? t('errors.pageNotFoundText') : t('errors.generic')}</Text>
        <Button component={Link} to="/">
          {t('nav.dashboard')}
        </Button>
      </Stack>
    </Container>
  );
}
