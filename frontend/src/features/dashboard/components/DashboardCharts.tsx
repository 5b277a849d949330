import { BarChart, DonutChart } from '@mantine/charts';
import { Button, Card, ColorSwatch, Group, Paper, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '@/components/QueryState';
import { CATEGORIES, PROJECT_STATUSES, STATUS_COLORS, type ProjectStatus } from '@/lib/domain';
import { legendInSeriesOrder } from '@/lib/charts';
import { formatNumber, formatVnd, formatVndShort } from '@/lib/format';
import type { Dashboard } from '../api/dashboard';

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      {/* a large amount wraps inside its card rather than running out of it */}
      <Text fw={700} size="xl" data-testid={testId} style={{ fontVariantNumeric: 'tabular-nums', overflowWrap: 'anywhere' }}>
        {value}
      </Text>
    </Paper>
  );
}

function Section({ title, children, testId }: { title: string; children: React.ReactNode; testId: string }) {
  return (
    <Card withBorder radius="md" p="md" data-testid={testId} component="section" aria-label={title}>
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      {children}
    </Card>
  );
}

const TOP_UNITS = 10;

export function DashboardCharts({ data }: { data: Dashboard }) {
  const { t, i18n } = useTranslation();
  const [allUnits, setAllUnits] = useState(false);
  const totals = data.budget?.totals;
  const lines = data.budget?.lines ?? [];

  // Budget per category (summed over funding sources), in the Decree 45 order.
  const byCategory = new Map<string, { allocated: number; committed: number; disbursed: number }>();
  for (const l of lines) {
    const c = byCategory.get(l.category) ?? { allocated: 0, committed: 0, disbursed: 0 };
    c.allocated += l.allocated_vnd ?? 0;
    c.committed += l.committed_vnd ?? 0;
    c.disbursed += l.disbursed_vnd ?? 0;
    byCategory.set(l.category, c);
  }
  const budgetRows = CATEGORIES.filter((c) => byCategory.has(c)).map((c) => ({
    category: t(`enum.category.${c}`),
    [t('dashboard.allocated')]: byCategory.get(c)!.allocated,
    [t('dashboard.committed')]: byCategory.get(c)!.committed,
    [t('dashboard.disbursed')]: byCategory.get(c)!.disbursed,
  }));

  const byStatus = data.projects?.by_status ?? {};
  const statusData = PROJECT_STATUSES.filter((s) => (byStatus[s] ?? 0) > 0).map((s) => ({
    name: t(`enum.projectStatus.${s}`),
    value: byStatus[s] ?? 0,
    color: `${STATUS_COLORS[s as ProjectStatus]}.6`,
  }));

  const projectCategories = [...(data.projects?.by_category ?? [])].sort((a, b) => CATEGORIES.indexOf(a.category as never) - CATEGORIES.indexOf(b.category as never));
  const categoryData = projectCategories.map((c) => ({
    category: t(`enum.category.${c.category}`, { defaultValue: c.category }),
    [t('dashboard.count')]: c.count ?? 0,
  }));

  const budgetSeries = [
    { name: t('dashboard.allocated'), color: 'blue.6' },
    { name: t('dashboard.committed'), color: 'orange.6' },
    { name: t('dashboard.disbursed'), color: 'teal.6' },
  ];
  const yearSeries = [
    { name: t('dashboard.appropriated'), color: 'gray.5' },
    { name: t('dashboard.committed'), color: 'orange.6' },
    { name: t('dashboard.disbursed'), color: 'teal.6' },
  ];

  const years = (data.budget_by_year ?? []).map((y) => ({
    year: String(y.year),
    [t('dashboard.appropriated')]: y.appropriated_vnd ?? 0,
    [t('dashboard.committed')]: y.committed_vnd ?? 0,
    [t('dashboard.disbursed')]: y.disbursed_vnd ?? 0,
  }));

  // Rolled up by project-service from the KPI catalogue (sum for counts, mean for percentages,
  // saving = baseline − result for cleaner production): shown as given, never added up here.
  const en = i18n.language.startsWith('en');
  const kpiLines = (data.projects?.kpis?.items ?? []).map((k) => ({
    code: k.code,
    name: `${en ? k.name_en : k.name_vi}${k.kind === 'baseline_result' ? ` – ${t('kpiPicker.savingOf').toLowerCase()}` : ''}`,
    unit: k.unit,
    mean: k.rollup === 'mean',
    planned: k.planned ?? null,
    actual: k.actual ?? null,
  }));

  const units = [...(data.registry?.by_admin_unit ?? [])].sort((a, b) => (b.enterprises ?? 0) - (a.enterprises ?? 0));
  const shownUnits = allUnits ? units : units.slice(0, TOP_UNITS);
  const program = data.budget?.program as { code?: string; name?: string } | null | undefined;

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed" data-testid="dashboard-program">
        {program?.name ? t('dashboard.program', { name: program.name, code: program.code }) : t('dashboard.noProgram', { year: data.year })}
      </Text>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }} data-testid="budget-totals">
        <Stat label={t('dashboard.appropriated')} value={formatVnd(totals?.appropriated_vnd ?? 0)} testId="total-appropriated" />
        <Stat label={t('dashboard.allocated')} value={formatVnd(totals?.allocated_vnd ?? 0)} testId="total-allocated" />
        <Stat label={t('dashboard.committed')} value={formatVnd(totals?.committed_vnd ?? 0)} testId="total-committed" />
        <Stat label={t('dashboard.disbursed')} value={formatVnd(totals?.disbursed_vnd ?? 0)} testId="total-disbursed" />
        <Stat label={t('dashboard.available')} value={formatVnd(totals?.available_vnd ?? 0)} testId="total-available" />
      </SimpleGrid>

      <Section title={t('dashboard.budgetByCategory')} testId="chart-budget-lines">
        {budgetRows.length ? (
          <BarChart
            h={Math.max(260, 56 * budgetRows.length + 60)}
            data={budgetRows}
            dataKey="category"
            orientation="vertical"
            valueFormatter={(v: number) => formatVndShort(v)}
            withLegend
            legendProps={{ verticalAlign: 'top', ...legendInSeriesOrder(budgetSeries) }}
            series={budgetSeries}
            yAxisProps={{ width: 240, interval: 0 }}
          />
        ) : (
          <EmptyState />
        )}
      </Section>

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Section title={t('dashboard.projectsByStatus')} testId="chart-projects-status">
          <Group justify="space-between" mb="xs">
            <Text size="sm" c="dimmed">
              {t('dashboard.projectsTotal')}
            </Text>
            <Text fw={700} data-testid="projects-total">
              {formatNumber(data.projects?.total ?? 0)}
            </Text>
          </Group>
          {statusData.length ? (
            <Group justify="center" align="center" gap="xl" wrap="wrap">
              <DonutChart data={statusData} withLabelsLine withLabels withTooltip h={220} w={220} />
              <Stack gap={4} data-testid="status-legend">
                {statusData.map((s) => (
                  <Group key={s.name} gap="xs" wrap="nowrap">
                    <ColorSwatch color={`var(--mantine-color-${s.color.replace('.', '-')})`} size={12} withShadow={false} />
                    <Text size="sm">{s.name}</Text>
                    <Text size="sm" fw={700}>
                      {s.value}
                    </Text>
                  </Group>
                ))}
              </Stack>
            </Group>
          ) : (
            <EmptyState />
          )}
        </Section>
        <Section title={t('dashboard.projectsByCategory')} testId="chart-projects-category">
          {categoryData.length ? (
            <BarChart
              h={Math.max(200, 34 * categoryData.length + 40)}
              data={categoryData}
              dataKey="category"
              orientation="vertical"
              yAxisProps={{ width: 210 }}
              // counts of projects: whole ticks in Vietnamese digits, never "0.25" of a project
              xAxisProps={{ allowDecimals: false }}
              valueFormatter={(v: number) => formatNumber(v)}
              series={[{ name: t('dashboard.count'), color: 'indigo.6' }]}
            />
          ) : (
            <EmptyState />
          )}
        </Section>
      </SimpleGrid>

      {years.length > 0 && (
        <Section title={t('dashboard.byYear')} testId="chart-budget-years">
          <BarChart
            h={260}
            data={years}
            dataKey="year"
            valueFormatter={(v: number) => formatVndShort(v)}
            withLegend
            legendProps={legendInSeriesOrder(yearSeries)}
            yAxisProps={{ width: 70 }}
            series={yearSeries}
          />
        </Section>
      )}

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Section title={t('dashboard.kpis')} testId="chart-kpis">
          {kpiLines.length ? (
            <Table striped verticalSpacing={6}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('dashboard.kpi')}</Table.Th>
                  <Table.Th scope="col">{t('kpiPicker.unit')}</Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('dashboard.planned')}
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('dashboard.actual')}
                  </Table.Th>
                  <Table.Th scope="col" w={140}>
                    {t('dashboard.achieved')}
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {kpiLines.map((k) => {
                  const p = k.planned ?? 0;
                  const a = k.actual ?? 0;
                  const pct = p > 0 && k.actual !== null ? Math.round((a / p) * 100) : null;
                  const name = k.name;
                  return (
                    <Table.Tr key={k.code} data-testid={`kpi-line-${k.code}`}>
                      <Table.Td>
                        {name}
                        {k.mean && (
                          <Text span size="xs" c="dimmed">
                            {' '}
                            ({t('kpiPicker.mean')})
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{k.unit}</Table.Td>
                      <Table.Td ta="right">{formatNumber(k.planned)}</Table.Td>
                      <Table.Td ta="right">{formatNumber(k.actual)}</Table.Td>
                      <Table.Td>
                        {pct === null ? (
                          '—'
                        ) : (
                          <Group gap={6} wrap="nowrap">
                            <Progress value={Math.min(100, pct)} color={pct >= 100 ? 'green' : 'yellow'} style={{ flex: 1 }} aria-label={`${name}: ${pct}%`} />
                            <Text size="xs" w={40} ta="right">
                              {pct}%
                            </Text>
                          </Group>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          ) : (
            <EmptyState />
          )}
        </Section>
        <Section title={t('dashboard.registry')} testId="registry-counts">
          <SimpleGrid cols={3} mb="sm">
            <Stat label={t('nav.enterprises')} value={formatNumber(data.registry?.enterprises)} testId="count-enterprises" />
            <Stat label={t('nav.craftVillages')} value={formatNumber(data.registry?.craft_villages)} testId="count-craft-villages" />
            <Stat label={t('nav.typicalProducts')} value={formatNumber(data.registry?.typical_products)} testId="count-typical-products" />
          </SimpleGrid>
          {units.length ? (
            <>
              <Table striped verticalSpacing={6}>
                <Table.Caption>{t('dashboard.byAdminUnit')}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('dashboard.adminUnit')}</Table.Th>
                    <Table.Th scope="col" ta="right">
                      {t('nav.enterprises')}
                    </Table.Th>
                    <Table.Th scope="col" ta="right">
                      {t('nav.craftVillages')}
                    </Table.Th>
                    <Table.Th scope="col" ta="right">
                      {t('nav.typicalProducts')}
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {shownUnits.map((u) => (
                    <Table.Tr key={u.admin_unit_code}>
                      <Table.Td>
                        {u.admin_unit_name ?? u.admin_unit_code}{' '}
                        <Text span size="xs" c="dimmed">
                          ({u.admin_unit_code})
                        </Text>
                      </Table.Td>
                      <Table.Td ta="right">{formatNumber(u.enterprises)}</Table.Td>
                      <Table.Td ta="right">{formatNumber(u.craft_villages)}</Table.Td>
                      <Table.Td ta="right">{formatNumber(u.typical_products)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              {units.length > TOP_UNITS && (
                <Button variant="subtle" size="xs" mt="xs" onClick={() => setAllUnits((v) => !v)} data-testid="units-toggle">
                  {allUnits ? t('dashboard.showTopUnits') : t('dashboard.showAllUnits', { count: units.length })}
                </Button>
              )}
            </>
          ) : null}
        </Section>
      </SimpleGrid>
    </Stack>
  );
}
