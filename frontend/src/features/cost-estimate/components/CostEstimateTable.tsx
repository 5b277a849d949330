import { ActionIcon, Alert, Button, Checkbox, Group, List, Stack, Table, Text, Textarea, TextInput, Title, Tooltip } from '@mantine/core';
import { Fragment } from 'react';
import { IconCheck, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { MoneyInput } from '@/components/inputs';
import { NumberField } from '@/components/NumberField';
import { formatVnd } from '@/lib/format';
import { costProblems, costTotals, emptyRow, lineAmount, type CostProblem, type CostRow, type ProjectAmounts } from '../lib/costs';

interface Props {
  rows: CostRow[];
  onChange: (rows: CostRow[]) => void;
  project: ProjectAmounts;
  /** Puts the estimate's totals into the project's three amounts. */
  onUseTotals: (totals: { total_cost_vnd: number; requested_support_vnd: number; counterpart_vnd: number }) => void;
  error?: React.ReactNode;
}

/** The detailed cost estimate (Form 1) on the project form: a row per cost item, running totals
 * under it, and what keeps them from agreeing with the project's amounts. */
export function CostEstimateTable({ rows, onChange, project, onUseTotals, error }: Props) {
  const { t } = useTranslation();
  const totals = costTotals(rows);
  const problems = costProblems(rows, project);
  const set = (i: number, patch: Partial<CostRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const what = (field: string) => t(`fields.${field}`);
  const say = (p: CostProblem): string => {
    switch (p.kind) {
      case 'fraction':
        return t('costEstimate.fraction', { n: p.row });
      case 'supportAbove':
        return t('costEstimate.supportAbove', { n: p.row, support: formatVnd(p.support), amount: formatVnd(p.amount) });
      case 'mismatch':
        return t('costEstimate.mismatch', { what: what(p.field), lines: formatVnd(p.lines), project: formatVnd(p.project) });
      case 'managementOver':
        return t('costEstimate.managementOver', { amount: formatVnd(p.amount), cap: formatVnd(p.cap) });
    }
  };
  return (
    <Stack gap="xs" data-testid="cost-estimate">
      <Group justify="space-between">
        <Title order={3} size="h5">
          {t('costEstimate.title')}
        </Title>
        <Button size="xs" variant="light" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => onChange([...rows, emptyRow()])} data-testid="cost-add">
          {t('costEstimate.add')}
        </Button>
      </Group>
      <Text size="xs" c="dimmed">
        {t('costEstimate.hint')}
      </Text>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('costEstimate.empty')}
        </Text>
      ) : (
        // Two rows a line: the description on its own across the table, the figures under it, so
        // that both fit a 1366-pixel screen beside the menu (one row scrolled sideways and cut
        // the description to a few letters); focusable, so a keyboard can scroll it on a phone.
        <div role="region" aria-label={t('costEstimate.title')} tabIndex={0} style={{ overflowX: 'auto' }}>
          <Table verticalSpacing={4} data-testid="cost-table" miw={860}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th rowSpan={2}>#</Table.Th>
                <Table.Th colSpan={7}>{t('costEstimate.item')}</Table.Th>
                <Table.Th rowSpan={2} />
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('costEstimate.unit')}</Table.Th>
                <Table.Th>{t('costEstimate.quantity')}</Table.Th>
                <Table.Th>{t('costEstimate.unitPrice')}</Table.Th>
                <Table.Th ta="right">{t('costEstimate.amount')}</Table.Th>
                <Table.Th>{t('costEstimate.support')}</Table.Th>
                <Table.Th>{t('costEstimate.counterpart')}</Table.Th>
                <Table.Th>
                  <Tooltip label={t('costEstimate.managementHint')}>
                    <span>{t('costEstimate.management')}</span>
                  </Tooltip>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r, i) => {
                const n = i + 1;
                const amount = lineAmount(r);
                return (
                  <Fragment key={i}>
                    <Table.Tr data-testid="cost-row" style={{ borderBottom: 'none' }}>
                      <Table.Td rowSpan={2}>{n}</Table.Td>
                      <Table.Td colSpan={7}>
                        <Textarea
                          aria-label={`${t('costEstimate.item')} ${n}`}
                          value={r.item}
                          onChange={(e) => set(i, { item: e.currentTarget.value })}
                          required
                          autosize
                          minRows={1}
                          maxRows={4}
                        />
                      </Table.Td>
                      <Table.Td rowSpan={2}>
                        <ActionIcon variant="subtle" color="red" aria-label={t('costEstimate.remove', { n })} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
                          <IconTrash size={16} aria-hidden />
                        </ActionIcon>
                      </Table.Td>
                    </Table.Tr>
                    <Table.Tr>
                      <Table.Td>
                        <TextInput aria-label={`${t('costEstimate.unit')} ${n}`} value={r.unit} onChange={(e) => set(i, { unit: e.currentTarget.value })} required w={110} />
                      </Table.Td>
                      <Table.Td>
                        <NumberField
                          aria-label={`${t('costEstimate.quantity')} ${n}`}
                          value={r.quantity}
                          onChange={(v) => set(i, { quantity: v })}
                          decimalScale={2}
                          decimalSeparator=","
                          thousandSeparator="."
                          min={0}
                          w={80}
                        />
                      </Table.Td>
                      <Table.Td>
                        <MoneyInput aria-label={`${t('costEstimate.unitPrice')} ${n}`} value={r.unit_price_vnd} onChange={(v) => set(i, { unit_price_vnd: v })} w={140} />
                      </Table.Td>
                      <Table.Td ta="right" data-testid="cost-amount" style={{ whiteSpace: 'nowrap' }}>
                        {amount === null ? '—' : formatVnd(amount)}
                      </Table.Td>
                      <Table.Td>
                        <MoneyInput aria-label={`${t('costEstimate.support')} ${n}`} value={r.support_vnd} onChange={(v) => set(i, { support_vnd: v })} w={140} />
                      </Table.Td>
                      <Table.Td>
                        <MoneyInput aria-label={`${t('costEstimate.counterpart')} ${n}`} value={r.counterpart_vnd} onChange={(v) => set(i, { counterpart_vnd: v })} w={140} />
                      </Table.Td>
                      <Table.Td>
                        <Checkbox aria-label={`${t('costEstimate.management')} ${n}`} checked={r.is_management} onChange={(e) => set(i, { is_management: e.currentTarget.checked })} />
                      </Table.Td>
                    </Table.Tr>
                  </Fragment>
                );
              })}
            </Table.Tbody>
            <Table.Tfoot>
              <Table.Tr>
                <Table.Th colSpan={4}>{t('costEstimate.total')}</Table.Th>
                <Table.Th ta="right" data-testid="cost-total">
                  {formatVnd(totals.total_cost_vnd)}
                </Table.Th>
                <Table.Th data-testid="cost-support-total">{formatVnd(totals.requested_support_vnd)}</Table.Th>
                <Table.Th data-testid="cost-counterpart-total">{formatVnd(totals.counterpart_vnd)}</Table.Th>
                <Table.Th colSpan={2}>{totals.management_vnd ? formatVnd(totals.management_vnd) : ''}</Table.Th>
              </Table.Tr>
            </Table.Tfoot>
          </Table>
        </div>
      )}
      {rows.length > 0 &&
        (problems.length === 0 ? (
          <Alert color="green" icon={<IconCheck aria-hidden />} py={6} data-testid="cost-agrees">
            {t('costEstimate.agrees')}
          </Alert>
        ) : (
          <Alert color={error ? 'red' : 'yellow'} py={6} data-testid="cost-problems">
            <List size="sm">
              {problems.map((p, i) => (
                <List.Item key={i}>{say(p)}</List.Item>
              ))}
            </List>
            {problems.some((p) => p.kind === 'mismatch') && (
              <Button
                mt="xs"
                size="xs"
                variant="light"
                onClick={() => onUseTotals({ total_cost_vnd: totals.total_cost_vnd, requested_support_vnd: totals.requested_support_vnd, counterpart_vnd: totals.counterpart_vnd })}
                data-testid="cost-use-totals"
              >
                {t('costEstimate.useTotals')}
              </Button>
            )}
          </Alert>
        ))}
      {error && (
        <Text size="sm" c="red">
          {error}
        </Text>
      )}
    </Stack>
  );
}
