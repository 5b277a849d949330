import { Card, Group, Pagination, ScrollArea, Select, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconArrowDown, IconArrowUp, IconSelector } from '@tabler/icons-react';
import type { CSSProperties, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState, ErrorState, LoadingState } from './QueryState';
import { formatNumber } from '@/lib/format';

export interface Column<T> {
  key: string;
  header: string;
  render: (row: T) => ReactNode;
  /** Server sort field (`?sort=field` / `-field`). */
  sortKey?: string;
  align?: 'left' | 'right' | 'center';
}

interface Props<T> {
  columns: Column<T>[];
  rows: T[] | undefined;
  rowKey: (row: T) => string;
  loading?: boolean;
  error?: unknown;
  onRetry?: () => void;
  sort?: string;
  onSort?: (sort: string) => void;
  page?: number;
  pageSize?: number;
  total?: number;
  /** False when the server stopped counting at a cap: the total reads "hơn 10.000". */
  totalIsExact?: boolean;
  onPage?: (page: number) => void;
  onPageSize?: (size: number) => void;
  /** The table's accessible name; read by screen readers, shown only with `showCaption`
   * (most tables sit under a heading or tab that already says the same). */
  caption: string;
  showCaption?: boolean;
  testId?: string;
  empty?: ReactNode;
  /** A search or filter is applied: an empty page means nothing matches, not "no data yet". */
  filtered?: boolean;
}

const visuallyHidden: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
};

/** Below this width each row becomes a card: label and value, one per line. */
export const CARDS_QUERY = '(max-width: 36em)';

function SortSelect<T>({ columns, sort, onSort }: { columns: Column<T>[]; sort: string; onSort: (s: string) => void }) {
  const { t } = useTranslation();
  const data = columns
    .filter((c) => c.sortKey)
    .flatMap((c) => [
      { value: c.sortKey!, label: `${c.header} (${t('tableView.ascending')})` },
      { value: `-${c.sortKey}`, label: `${c.header} (${t('tableView.descending')})` },
    ]);
  if (!data.length) return null;
  return <Select label={t('tableView.sort')} data={data} value={sort || null} onChange={(v) => v && onSort(v)} allowDeselect={false} mb="sm" data-testid="table-sort" />;
}

function Cards<T>({ p }: { p: Props<T> }) {
  const [first, ...rest] = p.columns;
  return (
    <Stack gap="xs" component="ul" p={0} m={0} aria-label={p.caption} style={{ listStyle: 'none' }}>
      {p.rows!.map((r) => (
        <Card component="li" withBorder padding="sm" key={p.rowKey(r)} data-testid="table-row">
          {first && (
            <Text fw={700} size="sm" mb={4}>
              {first.render(r)}
            </Text>
          )}
          <Stack gap={2} component="dl" m={0}>
            {rest.map((c) => (
              <Group key={c.key} justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
                <Text component="dt" size="xs" c="dimmed" style={{ flexShrink: 0, maxWidth: '45%' }}>
                  {c.header}
                </Text>
                <Text component="dd" m={0} size="sm" ta="right" style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
                  {c.render(r)}
                </Text>
              </Group>
            ))}
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}

export function DataTable<T>(p: Props<T>) {
  const { t } = useTranslation();
  const cards = useMediaQuery(CARDS_QUERY) ?? false;
  const current = p.sort ?? '';
  const desc = current.startsWith('-');
  const field = desc ? current.slice(1) : current;

  const header = (c: Column<T>) => {
    if (!c.sortKey || !p.onSort) return c.header;
    const active = field === c.sortKey;
    const Icon = active ? (desc ? IconArrowDown : IconArrowUp) : IconSelector;
    const next = active && !desc ? `-${c.sortKey}` : c.sortKey;
    return (
      <UnstyledButton onClick={() => p.onSort?.(next)} data-testid={`sort-${c.sortKey}`}>
        <Group gap={4} wrap="nowrap">
          <Text fw={700} size="sm" component="span">
            {c.header}
          </Text>
          <Icon size={14} aria-hidden />
        </Group>
      </UnstyledButton>
    );
  };

  const pages = p.total !== undefined && p.pageSize ? Math.max(1, Math.ceil(p.total / p.pageSize)) : 1;

  // A shown caption is the table's title: it stays while there is no table to carry it (an
  // empty list under no heading read as an unexplained "no data").
  const tableShown = !p.loading && !p.error && !!p.rows && p.rows.length > 0;
  return (
    <div data-testid={p.testId}>
      {p.showCaption && !tableShown && (
        <Text fw={600} size="sm" data-testid="table-title">
          {p.caption}
        </Text>
      )}
      {p.loading ? (
        <LoadingState />
      ) : p.error ? (
        <ErrorState error={p.error} onRetry={p.onRetry} />
      ) : !p.rows || p.rows.length === 0 ? (
        <EmptyState>{p.empty ?? (p.filtered ? t('common.noMatch') : undefined)}</EmptyState>
      ) : cards ? (
        <>
          {p.onSort && <SortSelect columns={p.columns} sort={current} onSort={p.onSort} />}
          <Cards p={p} />
        </>
      ) : (
        <ScrollArea type="auto">
          <Table striped highlightOnHover verticalSpacing="xs" miw={600}>
            <Table.Caption style={p.showCaption ? undefined : visuallyHidden}>{p.caption}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                {p.columns.map((c) => (
                  <Table.Th
                    key={c.key}
                    ta={c.align}
                    scope="col"
                    aria-sort={c.sortKey && field === c.sortKey ? (desc ? 'descending' : 'ascending') : undefined}
                  >
                    {header(c)}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {p.rows.map((r) => (
                <Table.Tr key={p.rowKey(r)} data-testid="table-row">
                  {p.columns.map((c) => (
                    <Table.Td key={c.key} ta={c.align}>
                      {c.render(r)}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
      {p.onPage && p.total !== undefined && p.total > 0 && (
        <Group justify="space-between" mt="sm" gap="xs">
          <Text size="sm" c="dimmed" data-testid="table-total">
            {p.totalIsExact === false
              ? t('table.totalAtLeast', { n: formatNumber(p.total) })
              : t('table.total', { count: p.total })}
          </Text>
          <Group gap="sm">
            {p.onPageSize && (
              <Select
                aria-label={t('table.pageSize')}
                w={90}
                size="xs"
                data={['20', '50', '100', '200']}
                value={String(p.pageSize)}
                onChange={(v) => v && p.onPageSize?.(Number(v))}
                allowDeselect={false}
              />
            )}
            <Pagination
              total={pages}
              value={p.page ?? 1}
              onChange={p.onPage}
              size="sm"
              getControlProps={(c) => ({ 'aria-label': c === 'previous' ? t('table.prev') : c === 'next' ? t('table.next') : c })}
            />
          </Group>
        </Group>
      )}
    </div>
  );
}
