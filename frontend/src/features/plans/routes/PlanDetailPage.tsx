import { Alert, Anchor, Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconArrowLeft, IconCheck } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { PageHeader } from '@/components/PageHeader';
import { QueryState } from '@/components/QueryState';
import { ServerErrorAlert } from '@/components/ServerErrorAlert';
import { useAuth } from '@/lib/auth/context';
import { can } from '@/lib/auth/permissions';
import { CATEGORIES } from '@/lib/domain';
import { formatDate, formatVnd } from '@/lib/format';
import { useCandidates, usePlan, usePlanAction, useYearSummary, type Plan } from '../api/plans';
import { ApprovePlanModal } from '../components/PlanForms';
import { computeFit, defaultSource, fitFromServer, fitTotals, PLAN_STATUS_COLORS, rankCandidates } from '../lib/fit';

export function PlanDetailPage() {
  const { id = '' } = useParams();
  const q = usePlan(id);
  return <QueryState query={q}>{(plan) => <PlanView plan={plan} />}</QueryState>;
}

function PlanView({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const navigate = useNavigate();
  const action = usePlanAction(plan.id);
  const [approving, setApproving] = useState(false);
  // The server says which steps this caller may take; by role and status if it does not.
  const fallback: Record<string, boolean> = {
    items: plan.status === 'draft' && can(user, 'plan.edit'),
    submit: plan.status === 'draft' && can(user, 'plan.edit'),
    return: plan.status === 'submitted' && can(user, 'plan.edit'),
    approval: plan.status === 'submitted' && can(user, 'plan.decide'),
    revisions: plan.status === 'approved' && can(user, 'plan.edit'),
  };
  const allows = (step: string) => (plan.allowed_actions ? plan.allowed_actions.includes(step) : !!fallback[step]);
  const editable = allows('items');
  const candidates = useCandidates(plan.fiscal_year, plan.level, editable);
  const summary = useYearSummary(plan.fiscal_year);
  const source = defaultSource(plan.level);

  const items = useMemo(() => [...plan.items].sort((a, b) => a.rank - b.rank), [plan.items]);
  const inPlan = new Set(items.map((i) => i.project_id));
  const others = rankCandidates((candidates.data?.items ?? []).filter((p) => !inPlan.has(p.id)));
  const fit = fitFromServer(plan.by_category, source, CATEGORIES) ?? computeFit(items, summary.data?.lines ?? [], source, CATEGORIES);
  const totals = fitTotals(fit);
  const busy = action.isPending;

  return (
    <Stack data-testid="plan-detail">
      <Anchor component={Link} to="/plans" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden />
          {t('plans.back')}
        </Group>
      </Anchor>
      <PageHeader
        title={
          <Group gap="sm">
            <span>{plan.title}</span>
            <Badge color={PLAN_STATUS_COLORS[plan.status] ?? 'gray'} data-testid="plan-status" data-status={plan.status}>
              {t(`plans.statusName.${plan.status}`, { defaultValue: plan.status })}
            </Badge>
            <Badge variant="outline">
              {t('plans.version')} {plan.version}
            </Badge>
          </Group>
        }
        actions={
          <>
            {allows('submit') && (
              <Button onClick={() => action.mutate({ kind: 'submit' })} loading={busy} disabled={items.length === 0} data-testid="plan-submit">
                {t('plans.submit')}
              </Button>
            )}
            {allows('return') && (
              <Button variant="default" onClick={() => action.mutate({ kind: 'return' })} loading={busy} data-testid="plan-return">
                {t('plans.return')}
              </Button>
            )}
            {allows('approval') && (
              <Button color="green" leftSection={<IconCheck size={16} aria-hidden />} onClick={() => setApproving(true)} data-testid="plan-approve">
                {t('plans.approve')}
              </Button>
            )}
            {allows('revisions') && (
              <Button
                variant="default"
                loading={busy}
                onClick={() => action.mutate({ kind: 'revise' }, { onSuccess: (next) => void navigate(`/plans/${next.id}`) })}
                data-testid="plan-revise"
              >
                {t('plans.revise', { version: plan.version + 1 })}
              </Button>
            )}
          </>
        }
      />
      <Text c="dimmed" size="sm">
        {t('plans.fiscalYear')}: {plan.fiscal_year} · {t('plans.level')}: {t(`plans.levelOption.${plan.level}`)}
      </Text>
      {plan.decision_number && (
        <Alert color="green" data-testid="plan-decision">
          {t('plans.approved', { number: plan.decision_number, date: formatDate(plan.decision_date) })}
        </Alert>
      )}
      <ServerErrorAlert error={action.error} />

      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          {t('plans.items', { count: items.length })}
        </Title>
        {items.length === 0 ? (
          <Text c="dimmed">{t('plans.noItems')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table striped data-testid="plan-items">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('plans.rank')}</Table.Th>
                  <Table.Th>{t('plans.code')}</Table.Th>
                  <Table.Th>{t('plans.projectTitle')}</Table.Th>
                  <Table.Th>{t('plans.category')}</Table.Th>
                  <Table.Th ta="right">{t('plans.score')}</Table.Th>
                  <Table.Th ta="right">{t('plans.recommended')}</Table.Th>
                  {editable && <Table.Th />}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((i) => (
                  <Table.Tr key={i.project_id} data-testid="plan-item">
                    <Table.Td>{i.rank}</Table.Td>
                    <Table.Td>{i.code}</Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/projects/${i.project_id}`}>
                        {i.title}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{t(`enum.category.${i.category}`, { defaultValue: i.category })}</Table.Td>
                    <Table.Td ta="right">{i.score ?? '—'}</Table.Td>
                    <Table.Td ta="right">{formatVnd(i.recommended_support_vnd)}</Table.Td>
                    {editable && (
                      <Table.Td>
                        <Button
                          size="xs"
                          variant="subtle"
                          color="red"
                          disabled={busy}
                          aria-label={t('plans.excludeLabel', { code: i.code })}
                          onClick={() => action.mutate({ kind: 'exclude', projectId: i.project_id })}
                        >
                          {t('plans.exclude')}
                        </Button>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>

      <Card withBorder data-testid="plan-fit">
        <Title order={2} size="h4" mb="xs">
          {t('plans.fit')} ({t(`enum.fundingSource.${source}`)})
        </Title>
        {fit.length > 0 && (
          <Alert mb="xs" color={totals.fits ? 'green' : 'red'} icon={totals.fits ? <IconCheck aria-hidden /> : <IconAlertTriangle aria-hidden />} data-testid="plan-fit-verdict" data-fits={totals.fits}>
            {totals.fits ? t('plans.allFit') : t('plans.someShort')}
          </Alert>
        )}
        <Table.ScrollContainer minWidth={560}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('plans.category')}</Table.Th>
                <Table.Th ta="right">{t('plans.planned')}</Table.Th>
                <Table.Th ta="right">{t('plans.allocated')}</Table.Th>
                <Table.Th ta="right">{t('plans.remaining')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {fit.map((r) => (
                <Table.Tr key={r.category} data-testid="plan-fit-row" data-fits={r.fits}>
                  <Table.Td>{t(`enum.category.${r.category}`, { defaultValue: r.category })}</Table.Td>
                  <Table.Td ta="right">{formatVnd(r.planned_vnd)}</Table.Td>
                  <Table.Td ta="right">{formatVnd(r.available_vnd)}</Table.Td>
                  <Table.Td ta="right">{formatVnd(r.remaining_vnd)}</Table.Td>
                  <Table.Td>
                    {r.fits ? (
                      <Badge color="green">{t('plans.fits')}</Badge>
                    ) : (
                      <Badge color="red">{t('plans.short', { amount: formatVnd(-r.remaining_vnd) })}</Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
            <Table.Tfoot>
              <Table.Tr>
                <Table.Th>{t('plans.total')}</Table.Th>
                <Table.Th ta="right" data-testid="plan-fit-total">
                  {formatVnd(totals.planned_vnd)}
                </Table.Th>
                <Table.Th ta="right">{formatVnd(totals.available_vnd)}</Table.Th>
                <Table.Th ta="right">{formatVnd(totals.remaining_vnd)}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Tfoot>
          </Table>
        </Table.ScrollContainer>
      </Card>

      {editable && (
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            {t('plans.candidates', { count: others.length })}
          </Title>
          {others.length === 0 ? (
            <Text c="dimmed">{t('plans.noCandidates')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table striped data-testid="plan-candidates">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('plans.code')}</Table.Th>
                    <Table.Th>{t('plans.projectTitle')}</Table.Th>
                    <Table.Th>{t('plans.category')}</Table.Th>
                    <Table.Th ta="right">{t('plans.score')}</Table.Th>
                    <Table.Th ta="right">{t('plans.recommended')}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {others.map((p) => (
                    <Table.Tr key={p.id} data-testid="plan-candidate">
                      <Table.Td>{p.code}</Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={`/projects/${p.id}`}>
                          {p.title}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{t(`enum.category.${p.category}`, { defaultValue: p.category })}</Table.Td>
                      <Table.Td ta="right">{p.appraisal_score ?? '—'}</Table.Td>
                      <Table.Td ta="right">{formatVnd(p.recommended_support_vnd ?? p.requested_support_vnd)}</Table.Td>
                      <Table.Td>
                        <Button
                          size="xs"
                          variant="light"
                          disabled={busy}
                          aria-label={t('plans.includeLabel', { code: p.code })}
                          onClick={() => action.mutate({ kind: 'include', projectId: p.id })}
                        >
                          {t('plans.include')}
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Card>
      )}
      <ApprovePlanModal plan={plan} opened={approving} onClose={() => setApproving(false)} />
    </Stack>
  );
}
