// Small shared presentational pieces.
import { Badge, Select, SimpleGrid, Stack, Text, type NumberInputProps, type SelectProps } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { STATUS_COLORS, type ProjectStatus } from '@/lib/domain';
import { formatVnd } from '@/lib/format';
import { NumberField } from './NumberField';

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

/** A Select over an enumeration, labelled through `enum.<ns>.<value>`. */
export function EnumSelect({ ns, values, ...rest }: { ns: string; values: readonly string[] } & Omit<SelectProps, 'data'>) {
  const { t } = useTranslation();
  return <Select data={values.map((v) => ({ value: v, label: t(`enum.${ns}.${v}`, { defaultValue: v }) }))} {...rest} />;
}

/** Integer VND input shown with Vietnamese thousands separators. */
export function MoneyInput(props: Omit<NumberInputProps, 'thousandSeparator' | 'decimalSeparator' | 'allowDecimal'>) {
  return <NumberField thousandSeparator="." decimalSeparator="," allowDecimal={false} allowNegative={false} suffix=" ₫" min={0} {...props} />;
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

/** Fiscal years offered by year pickers: next year back to 2014, newest first. */
export function yearOptions(): string[] {
  const years: string[] = [];
  for (let y = new Date().getFullYear() + 1; y >= 2014; y--) years.push(String(y));
  return years;
}

export function YearSelect({ value, onChange, label }: { value: number; onChange: (y: number) => void; label?: string }) {
  const { t } = useTranslation();
  return (
    <Select
      label={label ?? t('common.year')}
      data={yearOptions()}
      value={String(value)}
      onChange={(v) => v && onChange(Number(v))}
      allowDeselect={false}
      w={120}
      data-testid="year-select"
    />
  );
}
