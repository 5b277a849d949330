import { Card, Grid, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { DetailGrid, StatusBadge } from '@/components/display';
import { PageHeader } from '@/components/PageHeader';
import { AdminUnitName, CraftVillageLink, EnterpriseLink } from '@/components/pickers';
import { QueryState } from '@/components/QueryState';
import { formatDate, formatVnd } from '@/lib/format';
import { ProjectDocuments } from '../components/ProjectDocuments';
import { useKpis } from '../api/kpis';
import { useProject, type Project } from '../api/projects';
import { formatKpiValue, kpiName } from '../components/KpiEditor';
import { ChangeRequestPanel } from '@/features/change-requests/routes';
import { CostEstimateView } from '@/features/cost-estimate/routes';
import { ProjectActions } from '../components/ProjectActions';
import { ProjectHistoryTimeline } from '../components/ProjectHistoryTimeline';

function MoneyCard({ label, value, testId }: { label: string; value: number | null | undefined; testId: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text fw={700} data-testid={testId} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {formatVnd(value)}
      </Text>
    </Paper>
  );
}

function MoneyAtAGlance({ p }: { p: Project }) {
  const { t } = useTranslation();
  const extra = Number(p.released_vnd > 0) + Number(p.recovered_vnd > 0);
  return (
    <SimpleGrid cols={{ base: 2, md: 5 + extra }} data-testid="project-money">
      <MoneyCard label={t('fields.requested_support_vnd')} value={p.requested_support_vnd} testId="money-requested" />
      <MoneyCard label={t('fields.approved_support_vnd')} value={p.approved_support_vnd} testId="money-approved" />
      <MoneyCard label={t('projects.advanced')} value={p.advanced_vnd} testId="money-advanced" />
      <MoneyCard label={t('fields.accepted_support_vnd')} value={p.accepted_support_vnd} testId="money-accepted" />
      <MoneyCard label={t('fields.disbursed_vnd')} value={p.disbursed_vnd} testId="money-disbursed" />
      {p.released_vnd > 0 && <MoneyCard label={t('fields.released_vnd')} value={p.released_vnd} testId="money-released" />}
      {p.recovered_vnd > 0 && <MoneyCard label={t('fields.recovered_vnd')} value={p.recovered_vnd} testId="money-recovered" />}
    </SimpleGrid>
  );
}

export function ProjectDetailPage() {
  const { t, i18n } = useTranslation();
  const kpiCatalogue = useKpis().data?.items ?? [];
  const { id = '' } = useParams();
  const q = useProject(id);
  return (
    <QueryState query={q}>
      {(p) => {
        const kpiKeys = [...new Set([...Object.keys(p.planned_kpis ?? {}), ...Object.keys(p.actual_kpis ?? {})])];
        return (
          <Stack data-testid="project-detail">
            <PageHeader
              title={
                <Group gap="sm">
                  <span data-testid="project-code">{p.code}</span>
                  <StatusBadge status={p.status} testId="project-status" />
                </Group>
              }
            />
            <Text size="lg" fw={500}>
              {p.title}
            </Text>
            <ProjectActions project={p} />
            <MoneyAtAGlance p={p} />
            <Grid>
              <Grid.Col span={{ base: 12, md: 8 }}>
                <Stack>
                  <Card withBorder>
                    <DetailGrid
                      cols={3}
                      items={[
                        [t('fields.category'), t(`enum.category.${p.category}`)],
                        [t('fields.activity_type'), t(`enum.activityType.${p.activity_type}`, { defaultValue: p.activity_type })],
                        [t('fields.level'), t(`enum.level.${p.level}`)],
                        [t('fields.fiscal_year'), p.fiscal_year],
                        [t('fields.implementing_unit'), p.implementing_unit],
                        [t('fields.beneficiary_enterprise_id'), p.beneficiary_enterprise_id ? <EnterpriseLink id={p.beneficiary_enterprise_id} /> : null],
                        [t('fields.craft_village_id'), p.craft_village_id ? <CraftVillageLink id={p.craft_village_id} /> : null],
                        [t('fields.admin_unit_code'), p.admin_unit_code ? <AdminUnitName code={p.admin_unit_code} /> : null],
                        [t('fields.start_on'), formatDate(p.start_on)],
                        [t('fields.end_on'), formatDate(p.end_on)],
                        [t('fields.total_cost_vnd'), formatVnd(p.total_cost_vnd)],
                        [t('fields.counterpart_vnd'), formatVnd(p.counterpart_vnd)],
                        [t('fields.percent_complete'), `${p.percent_complete}%`],
                        ...(p.appraisal_score !== null
                          ? ([
                              [t('fields.score'), p.appraisal_score],
                              [t('fields.recommended_support_vnd'), formatVnd(p.recommended_support_vnd)],
                            ] as Array<[string, React.ReactNode]>)
                          : []),
                        ...(p.decision_number
                          ? ([
                              [t('fields.decision_number'), `${p.decision_number} (${formatDate(p.decision_date)})`],
                              [t('fields.funding_source'), p.funding_source ? t(`enum.fundingSource.${p.funding_source}`, { defaultValue: p.funding_source }) : null],
                            ] as Array<[string, React.ReactNode]>)
                          : []),
                        ...(p.accepted_on ? ([[t('fields.accepted_on'), `${formatDate(p.accepted_on)} · ${p.acceptance_record_number ?? ''}`]] as Array<[string, React.ReactNode]>) : []),
                        ...(p.settled_on ? ([[t('fields.settled_on'), formatDate(p.settled_on)]] as Array<[string, React.ReactNode]>) : []),
                        ...(p.pending_saga ? ([[t('projects.pending'), t('projects.pendingText')]] as Array<[string, React.ReactNode]>) : []),
                      ]}
                    />
                    {p.objectives && (
                      <>
                        <Title order={3} size="h5" mt="md">
                          {t('fields.objectives')}
                        </Title>
                        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                          {p.objectives}
                        </Text>
                      </>
                    )}
                    {p.expected_outcomes && (
                      <>
                        <Title order={3} size="h5" mt="md">
                          {t('fields.expected_outcomes')}
                        </Title>
                        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                          {p.expected_outcomes}
                        </Text>
                      </>
                    )}
                  </Card>
                  {kpiKeys.length > 0 && (
                    <Card withBorder>
                      <Table data-testid="project-kpis">
                        <Table.Caption>{t('projects.kpis')}</Table.Caption>
                        <Table.Thead>
                          <Table.Tr>
                            <Table.Th scope="col">{t('projects.kpiName')}</Table.Th>
                            <Table.Th scope="col" ta="right">{t('dashboard.planned')}</Table.Th>
                            <Table.Th scope="col" ta="right">{t('dashboard.actual')}</Table.Th>
                          </Table.Tr>
                        </Table.Thead>
                        <Table.Tbody>
                          {kpiKeys.map((k) => {
                            const kpi = kpiCatalogue.find((c) => c.code === k);
                            return (
                              <Table.Tr key={k}>
                                <Table.Td>{kpi ? `${kpiName(kpi, i18n.language)} (${kpi.unit})` : k}</Table.Td>
                                <Table.Td ta="right">{formatKpiValue(p.planned_kpis?.[k])}</Table.Td>
                                <Table.Td ta="right">{formatKpiValue(p.actual_kpis?.[k])}</Table.Td>
                              </Table.Tr>
                            );
                          })}
                        </Table.Tbody>
                      </Table>
                    </Card>
                  )}
                </Stack>
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 4 }}>
                <Card withBorder component="section" aria-label={t('projects.history')}>
                  <Title order={2} size="h4" mb="sm">
                    {t('projects.history')}
                  </Title>
                  <ProjectHistoryTimeline id={id} />
                </Card>
                <ChangeRequestPanel project={p} />
              </Grid.Col>
            </Grid>
            {/* full width: eight columns of figures do not fit beside the history */}
            {p.cost_lines && p.cost_lines.length > 0 && <CostEstimateView lines={p.cost_lines} project={p} />}
            <ProjectDocuments projectId={id} owner={p.beneficiary_enterprise_id} steps={p} />
          </Stack>
        );
      }}
    </QueryState>
  );
}
