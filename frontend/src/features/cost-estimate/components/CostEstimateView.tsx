import { Card, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatNumber, formatVnd } from '@/lib/format';
import { costTotals, lineAmount, toRows, type CostLine } from '../lib/costs';

interface Props {
  lines: readonly CostLine[];
  /** The project's amounts now: an approved budget change may have moved them off the estimate. */
  project: { total_cost_vnd: number; counterpart_vnd: number };
}

/** The detailed cost estimate (Form 1) as proposed, read-only on the project's page: once a
 * project is submitted its estimate is no longer edited, but it must still be readable without
 * printing the form. */
export function CostEstimateView({ lines, project }: Props) {
  const { t } = useTranslation();
  const rows = toRows(lines);
  const totals = costTotals(rows);
  const adjusted = totals.total_cost_vnd !== project.total_cost_vnd || totals.counterpart_vnd !== project.counterpart_vnd;
  return (
    <Card withBorder data-testid="cost-estimate-view">
      {/* scrolls sideways on a narrow screen: focusable, so a keyboard can scroll it too */}
      <div role="region" aria-label={t('costEstimate.title')} tabIndex={0} style={{ overflowX: 'auto' }} data-testid="cost-view-scroll">
        <Table verticalSpacing={4} striped miw={760}>
          <Table.Caption>{t('costEstimate.title')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">#</Table.Th>
              <Table.Th scope="col">{t('costEstimate.item')}</Table.Th>
              <Table.Th scope="col">{t('costEstimate.unit')}</Table.Th>
              <Table.Th scope="col" ta="right">{t('costEstimate.quantity')}</Table.Th>
              <Table.Th scope="col" ta="right">{t('costEstimate.unitPrice')}</Table.Th>
              <Table.Th scope="col" ta="right">{t('costEstimate.amount')}</Table.Th>
              <Table.Th scope="col" ta="right">{t('costEstimate.support')}</Table.Th>
              <Table.Th scope="col" ta="right">{t('costEstimate.counterpart')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {lines.map((l, i) => (
              <Table.Tr key={i} data-testid="cost-view-row">
                <Table.Td>{i + 1}</Table.Td>
                <Table.Td>
                  {l.item}
                  {l.is_management && (
                    <Text span size="xs" c="dimmed">
                      {' '}
                      ({t('costEstimate.management')})
                    </Text>
                  )}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{l.unit}</Table.Td>
                <Table.Td ta="right">{formatNumber(l.quantity)}</Table.Td>
                <Table.Td ta="right">{formatNumber(l.unit_price_vnd)}</Table.Td>
                <Table.Td ta="right">{formatNumber(lineAmount(l) ?? 0)}</Table.Td>
                <Table.Td ta="right">{formatNumber(l.support_vnd)}</Table.Td>
                <Table.Td ta="right">{formatNumber(l.counterpart_vnd)}</Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr fw={700} data-testid="cost-view-total">
              <Table.Td />
              <Table.Td>{t('costEstimate.total')}</Table.Td>
              <Table.Td colSpan={3} />
              <Table.Td ta="right">{formatNumber(totals.total_cost_vnd)}</Table.Td>
              <Table.Td ta="right">{formatNumber(totals.requested_support_vnd)}</Table.Td>
              <Table.Td ta="right">{formatNumber(totals.counterpart_vnd)}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </div>
      {adjusted && (
        <Text size="sm" c="dimmed" mt="xs" data-testid="cost-view-adjusted">
          {t('costEstimate.adjusted', { total: formatVnd(project.total_cost_vnd), counterpart: formatVnd(project.counterpart_vnd) })}
        </Text>
      )}
    </Card>
  );
}
