// Shared read-only display pieces: a project's status badge, VND amounts, a label/value grid.
import { Badge, SimpleGrid, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { STATUS_COLORS, type ProjectStatus } from '@/lib/domain';
import { formatVnd } from '@/lib/format';

export function StatusBadge({ status, testId = 'status-badge' }: { status: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLORS[status as ProjectStatus] ?? 'gray'} variant="light" data-testid={testId} data-status={status}>
      {t(`enum.projectStatus.${status}`, { defaultValue: status })}
    </Badge>
  );
}

export function Money({ value }: { value: number | null | undefined }) {
  return <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{formatVnd(value)}</span>;
}

export function DetailGrid({ items, cols = 2 }: { items: Array<[string, ReactNode]>; cols?: number }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: cols }} spacing="md" verticalSpacing="sm" component="dl" m={0}>
      {items.map(([label, value]) => (
        <Stack gap={0} key={label}>
          <Text component="dt" size="xs" c="dimmed" tt="uppercase" fw={600}>
            {label}
          </Text>
          <Text component="dd" m={0} size="sm">
            {value === null || value === undefined || value === '' ? '—' : value}
          </Text>
        </Stack>
      ))}
    </SimpleGrid>
  );
}
