import { BarChart, DonutChart } from '@mantine/charts';
import { Card, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '@/components/QueryState';
import { CATEGORIES, STATUS_COLORS, type ProjectStatus } from '@/lib/domain';
import { formatNumber, formatVnd, formatVndShort } from '@/lib/format';
import type { Dashboard } from '../api/dashboard';

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text fw={700} size="xl" data-testid={testId} style={{ fontVariantNumeric: 'tabular-nums' }}>
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

export function DashboardCharts({ data }: { data: Dashboard }) {
  const { t } = useTranslation();
  const totals = data.budget?.totals;
  const lines = data.budget?.lines ?? [];
  const byCategory = new Map<string, { allocated: number; committed: number; disbursed: number }>();
  for (const l of lines) {
    const c = byCategory.get(l.category) ?? { allocated: 0, committed: 0, disbursed: 0 };
    c.allocated += l.allocated_vnd;
    c.committed += l.committed_vnd;
    c.disbursed += l.disbursed_vnd;
    byCategory.set(l.category, c);
  }
  const budgetRows = CATEGORIES.filter((c) => byCategory.has(c)).map((c) => ({
    category: t(`enum.category.${c}`),
    [t('dashboard.allocated')]: byCategory.get(c)!.allocated,
    [t('dashboard.committed')]: byCategory.get(c)!.committed,
    [t('dashboard.disbursed')]: byCategory.get(c)!.disbursed,
  }));
  const statusData = Object.entries(data.projects?.by_status ?? {})
    .filter(([, n]) => n > 0)
    .map(([s, n]) => ({ name: t(`enum.projectStatus.${s}`, { defaultValue: s }), value: n, color: `${STATUS_COLORS[s as ProjectStatus] ?? 'gray'}.6` }));
  const categoryData = Object.entries(data.projects?.by_category ?? {}).map(([c, n]) => ({
    category: t(`enum.category.${c}`, { defaultValue: c }),
    [t('dashboard.projects')]: n,
  }));
  const kpiData = Object.entries(data.projects?.kpis ?? {}).map(([k, v]) => ({
    kpi: t(`kpi.${k}`, { defaultValue: k }),
    [t('dashboard.planned')]: v.planned,
    [t('dashboard.actual')]: v.actual,
  }));
  const units = data.registry?.by_admin_unit ?? [];

  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }} data-testid="budget-totals">
        <Stat label={t('dashboard.appropriated')} value={formatVnd(totals?.appropriated_vnd)} testId="total-appropriated" />
        <Stat label={t('dashboard.allocated')} value={formatVnd(totals?.allocated_vnd)} testId="total-allocated" />
        <Stat label={t('dashboard.committed')} value={formatVnd(totals?.committed_vnd)} testId="total-committed" />
        <Stat label={t('dashboard.disbursed')} value={formatVnd(totals?.disbursed_vnd)} testId="total-disbursed" />
        <Stat label={t('dashboard.available')} value={formatVnd(totals?.available_vnd)} testId="total-available" />
      </SimpleGrid>

      <Section title={t('dashboard.budgetByCategory')} testId="chart-budget-lines">
        {budgetRows.length ? (
          <BarChart
            h={300}
            data={budgetRows}
            dataKey="category"
            valueFormatter={formatVndShort}
            withLegend
            series={[
              { name: t('dashboard.allocated'), color: 'blue.6' },
              { name: t('dashboard.committed'), color: 'orange.6' },
              { name: t('dashboard.disbursed'), color: 'teal.6' },
            ]}
            xAxisProps={{ interval: 0, angle: -20, textAnchor: 'end', height: 70 }}
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
          {statusData.length ? <DonutChart data={statusData} withLabelsLine withLabels h={220} mx="auto" /> : <EmptyState />}
        </Section>
        <Section title={t('dashboard.projectsByCategory')} testId="chart-projects-category">
          {categoryData.length ? (
            <BarChart h={240} data={categoryData} dataKey="category" orientation="vertical" yAxisProps={{ width: 150 }} series={[{ name: t('dashboard.projects'), color: 'indigo.6' }]} />
          ) : (
            <EmptyState />
          )}
        </Section>
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Section title={t('dashboard.kpis')} testId="chart-kpis">
          {kpiData.length ? (
            <BarChart
              h={240}
              data={kpiData}
              dataKey="kpi"
              withLegend
              series={[
                { name: t('dashboard.planned'), color: 'gray.5' },
                { name: t('dashboard.actual'), color: 'green.6' },
              ]}
            />
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
            <Table striped>
              <Table.Caption>{t('dashboard.byAdminUnit')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('fields.admin_unit_code')}</Table.Th>
                  <Table.Th scope="col" ta="right">{t('nav.enterprises')}</Table.Th>
                  <Table.Th scope="col" ta="right">{t('nav.craftVillages')}</Table.Th>
                  <Table.Th scope="col" ta="right">{t('nav.typicalProducts')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {units.map((u) => (
                  <Table.Tr key={u.admin_unit_code}>
                    <Table.Td>{u.admin_unit_name ?? u.admin_unit_code}</Table.Td>
                    <Table.Td ta="right">{formatNumber(u.enterprises)}</Table.Td>
                    <Table.Td ta="right">{formatNumber(u.craft_villages)}</Table.Td>
                    <Table.Td ta="right">{formatNumber(u.typical_products)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : null}
        </Section>
      </SimpleGrid>
    </Stack>
  );
}
