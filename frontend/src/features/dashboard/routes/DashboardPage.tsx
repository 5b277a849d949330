import { Alert, List, Stack } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { useAuth } from '@/lib/auth/context';
import { can } from '@/lib/auth/permissions';
import { YearSelect } from '@/components/inputs';
import { PageHeader } from '@/components/PageHeader';
import { LoadingState, QueryState } from '@/components/QueryState';
import { useFiscalYear } from '@/lib/fiscalYear';
import { WorkList } from '@/features/tasks/routes';
import { useDashboard } from '../api/dashboard';
import { DashboardCharts } from '../components/DashboardCharts';

/** The home page: the work list and the dashboard for staff and viewers; an enterprise user's
 * own enterprise (its work list is at /tasks and behind the bell). */
export function DashboardPage() {
  const { user } = useAuth();
  if (user && !can(user, 'dashboard.view')) {
    return user.enterprise_id ? <Navigate to={`/enterprises/${user.enterprise_id}`} replace /> : <Navigate to="/projects" replace />;
  }
  return (
    <Stack>
      {/* A person's work first (admin and viewer have none). */}
      {user && WITH_WORK.has(user.role) && <WorkList limit={8} />}
      <Dashboard />
    </Stack>
  );
}

const WITH_WORK = new Set(['program_officer', 'program_manager', 'finance_officer']);

function Dashboard() {
  const { t } = useTranslation();
  const [year, setYear] = useFiscalYear();
  const q = useDashboard(year);

  return (
    <Stack data-testid="dashboard-page">
      <PageHeader title={t('dashboard.title', { year: year ?? '' })} actions={year !== null && <YearSelect value={year} onChange={setYear} />} />
      {year === null ? (
        <LoadingState />
      ) : (
        <QueryState query={q}>
          {(data) => (
            <Stack data-testid="dashboard-data">
              {data.warnings.length > 0 && (
                <Alert color="yellow" icon={<IconAlertTriangle aria-hidden />} title={t('dashboard.partial')} data-testid="dashboard-warnings">
                  <List size="sm">
                    {data.warnings.map((w) => (
                      <List.Item key={w.service}>
                        {t(`dashboard.service.${w.service}`, { defaultValue: w.service })}:{' '}
                        {t(`dashboard.warning.${w.code ?? 'unexpected'}`, { defaultValue: t('dashboard.warning.unexpected') })}
                      </List.Item>
                    ))}
                  </List>
                </Alert>
              )}
              <DashboardCharts data={data} />
            </Stack>
          )}
        </QueryState>
      )}
    </Stack>
  );
}
