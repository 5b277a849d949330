import { Anchor, Badge, Button, Stack } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { DataTable, type Column } from '@/components/DataTable';
import { PageHeader } from '@/components/PageHeader';
import { useAuth } from '@/lib/auth/context';
import { can } from '@/lib/auth/permissions';
import { formatDate } from '@/lib/format';
import { queryProps } from '@/lib/tableProps';
import { usePlans, type Plan, type PlanLevel } from '../api/plans';
import { CreatePlanModal } from '../components/PlanForms';
import { PLAN_STATUS_COLORS } from '../lib/fit';

export function PlanListPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const navigate = useNavigate();
  const [sp] = useSearchParams();
  const [page, setPage] = useState(1);
  const q = usePlans({ page, page_size: 50 });
  // A "plan due" task links here with the year and level to start.
  const wanted = Number(sp.get('fiscal_year')) || new Date().getFullYear() + 1;
  const wantedLevel = (sp.get('level') === 'national' ? 'national' : 'local') as PlanLevel;
  const [creating, setCreating] = useState(sp.has('fiscal_year') && can(user, 'plan.edit'));

  const columns: Column<Plan>[] = [
    { key: 'fiscal_year', header: t('plans.fiscalYear'), render: (p) => p.fiscal_year },
    { key: 'level', header: t('plans.level'), render: (p) => t(`plans.levelOption.${p.level}`) },
    {
      key: 'title',
      header: t('plans.name'),
      render: (p) => (
        <Anchor component={Link} to={`/plans/${p.id}`}>
          {p.title}
        </Anchor>
      ),
    },
    { key: 'version', header: t('plans.version'), render: (p) => p.version, align: 'right' },
    {
      key: 'status',
      header: t('plans.status'),
      render: (p) => <Badge color={PLAN_STATUS_COLORS[p.status] ?? 'gray'}>{t(`plans.statusName.${p.status}`, { defaultValue: p.status })}</Badge>,
    },
    { key: 'decision', header: t('plans.decision'), render: (p) => (p.decision_number ? `${p.decision_number} – ${formatDate(p.decision_date)}` : '—') },
  ];

  return (
    <Stack data-testid="plans-page">
      <PageHeader
        title={t('plans.title')}
        actions={
          can(user, 'plan.edit') && (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)} data-testid="plan-create">
              {t('plans.create')}
            </Button>
          )
        }
      />
      <DataTable
        caption={t('plans.title')}
        columns={columns}
        rowKey={(p) => p.id}
        {...queryProps(q)}
        page={page}
        pageSize={50}
        total={q.data?.total}
        onPage={setPage}
        empty={t('plans.empty')}
        testId="plans-table"
      />
      {creating && (
        <CreatePlanModal
          opened
          initial={{ fiscal_year: wanted, level: wantedLevel }}
          onClose={() => setCreating(false)}
          onCreated={(plan) => void navigate(`/plans/${plan.id}`)}
        />
      )}
    </Stack>
  );
}
