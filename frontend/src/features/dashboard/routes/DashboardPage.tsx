import { Alert, List, Stack } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useSearchParams } from 'react-router';
import { useAuth } from '@/lib/auth/context';
import { can } from '@/lib/auth/permissions';
import { YearSelect } from '@/components/bits';
import { PageHeader } from '@/components/PageHeader';
import { QueryState } from '@/components/QueryState';
import { useDashboard, type Dashboard } from '../api/dashboard';
import { DashboardCharts } from '../components/DashboardCharts';

/** Without `?year=`, the current year, or the latest year with a budget if the current one has none. */
function fallbackYear(d: Dashboard): number | null {
  if (d.budget?.program || (d.budget?.totals.appropriated_vnd ?? 0) > 0 || (d.projects?.total ?? 0) > 0) return null;
  const funded = (d.budget_by_year ?? []).filter((y) => (y.appropriated_vnd ?? 0) > 0).map((y) => y.year);
  const past = funded.filter((y) => y <= d.year);
  const pick = past.length ? Math.max(...past) : funded.length ? Math.min(...funded) : null;
  return pick !== null && pick !== d.year ? pick : null;
}

/** The home page: the dashboard for staff and viewers; an enterprise user's own enterprise. */
export function DashboardPage() {
  const { user } = useAuth();
  if (user && !can(user, 'dashboard.view')) {
    return user.enterprise_id ? <Navigate to={`/enterprises/${user.enterprise_id}`} replace /> : <Navigate to="/projects" replace />;
  }
  return <Dashboard />;
}

function Dashboard() {
  const { t } = useTranslation();
  const [sp, setSp] = useSearchParams();
  const explicit = Number(sp.get('year')) || null;
  const year = explicit ?? new Date().getFullYear();
  const q = useDashboard(year);
  const fallback = !explicit && q.data ? fallbackYear(q.data) : null;

  useEffect(() => {
    if (fallback) setSp({ year: String(fallback) }, { replace: true });
  }, [fallback, setSp]);

  return (
    <Stack data-testid="dashboard-page">
      <PageHeader title={t('dashboard.title', { year })} actions={<YearSelect value={year} onChange={(y) => setSp({ year: String(y) }, { replace: true })} />} />
      <QueryState query={q}>
        {(data) =>
          fallback ? null : (
            <Stack data-testid="dashboard-data">
              {data.warnings.length > 0 && (
                <Alert color="yellow" icon={<IconAlertTriangle aria-hidden />} title={t('dashboard.partial')} data-testid="dashboard-warnings">
                  <List size="sm">
                    {data.warnings.map((w) => (
                      <List.Item key={w.service}>
                        {t(`dashboard.service.${w.service}`, { defaultValue: w.service })}: {w.detail}
                      </List.Item>
                    ))}
                  </List>
                </Alert>
              )}
              <DashboardCharts data={data} />
            </Stack>
          )
        }
      </QueryState>
    </Stack>
  );
}
