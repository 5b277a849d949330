import { Group, Pagination, ScrollArea, Select, Table, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconSelector } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState, ErrorState, LoadingState } from './QueryState';

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
  onPage?: (page: number) => void;
  onPageSize?: (size: number) => void;
  caption: string;
  testId?: string;
  empty?: ReactNode;
}

export function DataTable<T>(p: Props<T>) {
  const { t } = useTranslation();
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

  return (
    <div data-testid={p.testId}>
      {p.loading ? (
        <LoadingState />
      ) : p.error ? (
        <ErrorState error={p.error} onRetry={p.onRetry} />
      ) : !p.rows || p.rows.length === 0 ? (
        <EmptyState>{p.empty}</EmptyState>
      ) : (
        <ScrollArea type="auto">
          <Table striped highlightOnHover verticalSpacing="xs" miw={600}>
            <Table.Caption>{p.caption}</Table.Caption>
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
        <Group justify="space-between" mt="sm">
          <Text size="sm" c="dimmed" data-testid="table-total">
            {t('table.total', { count: p.total })}
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
