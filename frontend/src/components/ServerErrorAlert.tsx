import { Alert, List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '@/lib/api/localize';
import { isApiError } from '@/lib/api/problem';
import { errorMessage } from './QueryState';

/**
 * The problem in the UI language (the words for its `code` with its `params`, the server's
 * detail otherwise) plus any 422 errors that did not match a form field. `other` is given by a
 * form (its unmatched errors, maybe none); without it the alert stands alone.
 */
export function ServerErrorAlert({ error, other }: { error: unknown; other?: string[] }) {
  const { t } = useTranslation();
  if (!error) return null;
  const api = isApiError(error) ? error : null;
  const unmatched = other ?? [];
  // A form's 422 whose errors sit next to their fields: point at them rather than repeat one.
  const fieldsShown = api?.status === 422 && other !== undefined && api.fieldErrors.length > unmatched.length;
  const message = fieldsShown ? t('errors.validation') : api && api.status < 500 ? (problemMessage(api.problem) ?? errorMessage(error, t)) : errorMessage(error, t);
  return (
    <Alert color="red" title={t('errors.title')} role="alert" data-testid="server-error">
      {message}
      {api?.code && (
        // the code is a reference to quote to the support desk, so it says what it is
        <Text size="xs" c="dimmed" mt={4} data-testid="server-error-code">
          {t('errors.code', { code: api.code })}
        </Text>
      )}
      {unmatched.length > 0 && (
        <List size="sm" mt="xs">
          {unmatched.map((m) => (
            <List.Item key={m}>{m}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
