import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';

interface FormFooterProps {
  onCancel?: () => void;
  submitting: boolean;
  /** The submit button's words when it does more than save (a project's transition). */
  label?: string;
  color?: string;
  testId?: string;
}

/** The row under every entity form: Cancel (when there is somewhere to go back to) and Save. */
export function FormFooter({ onCancel, submitting, label, color, testId = 'submit' }: FormFooterProps) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end">
      {onCancel && (
        <Button variant="default" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      )}
      <Button type="submit" loading={submitting} color={color} data-testid={testId}>
        {label ?? t('common.save')}
      </Button>
    </Group>
  );
}
