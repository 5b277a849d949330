import { Alert, List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { codeMessage } from '@/lib/api/localize';
import { isApiError } from '@/lib/api/problem';
import { errorMessage } from './QueryState';

/** The problem's detail plus any 422 errors that did not match a form field. */
export function ServerErrorAlert({ error, other = [] }: { error: unknown; other?: string[] }) {
  const { t } = useTranslation();
  if (!error) return null;
  const show422Generic = isApiError(error) && error.status === 422 && !error.problem.detail;
  return (
    <Alert color="red" title={t('errors.title')} role="alert" data-testid="server-error">
      {show422Generic ? t('errors.validation') : errorMessage(error, t)}
      {isApiError(error) && codeMessage(error.code) && error.problem.detail && (
        <Text size="xs" c="dimmed" mt={4}>
          {error.problem.detail}
        </Text>
      )}
      {other.length > 0 && (
        <List size="sm" mt="xs">
          {other.map((m) => (
            <List.Item key={m}>{m}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
