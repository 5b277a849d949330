import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The row under every entity form: Cancel (when there is somewhere to go back to) and Save. */
export function FormFooter({ onCancel, submitting }: { onCancel?: () => void; submitting: boolean }) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end">
      {onCancel && (
        <Button variant="default" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      )}
      <Button type="submit" loading={submitting} data-testid="submit">
        {t('common.save')}
      </Button>
    </Group>
  );
}
