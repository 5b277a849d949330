import { Alert, List, Stack } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { YearSelect } from '@/components/bits';
import { PageHeader } from '@/components/PageHeader';
import { QueryState } from '@/components/QueryState';
import { useDashboard } from '../api/dashboard';
import { DashboardCharts } from '../components/DashboardCharts';

export function DashboardPage() {
  const { t } = useTranslation();
  const [sp, setSp] = useSearchParams();
  const year = Number(sp.get('year')) || new Date().getFullYear();
  const q = useDashboard(year);

  return (
    <Stack data-testid="dashboard-page">
      <PageHeader title={t('dashboard.title', { year })} actions={<YearSelect value={year} onChange={(y) => setSp({ year: String(y) }, { replace: true })} />} />
      <QueryState query={q}>
        {(data) => (
          <Stack data-testid="dashboard-data">
            {data.warnings?.length > 0 && (
              <Alert color="yellow" icon={<IconAlertTriangle aria-hidden />} title={t('dashboard.partial')} data-testid="dashboard-warnings">
                <List size="sm">
                  {data.warnings.map((w) => (
                    <List.Item key={w}>{w}</List.Item>
                  ))}
                </List>
              </Alert>
            )}
            <DashboardCharts data={data} />
          </Stack>
        )}
      </QueryState>
    </Stack>
  );
}
