import { Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '@/components/PageHeader';
import { WorkList } from '../components/WorkList';

export function TasksPage() {
  const { t } = useTranslation();
  return (
    <Stack data-testid="tasks-page">
      <PageHeader title={t('tasks.title')} />
      <WorkList />
    </Stack>
  );
}
