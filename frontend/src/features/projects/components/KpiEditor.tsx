import { ActionIcon, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { NumberField } from '@/components/NumberField';

export type KpiRow = { key: string; value: number | string };

export const kpiRows = (o: Record<string, unknown> | null | undefined): KpiRow[] =>
  Object.entries(o ?? {}).map(([key, value]) => ({ key, value: typeof value === 'number' ? value : Number(value) }));
export const kpiObject = (rows: KpiRow[]): Record<string, number> =>
  Object.fromEntries(rows.filter((r) => r.key.trim() && r.value !== '').map((r) => [r.key.trim(), Number(r.value)]));

/** Edits `{"trainees": 30}`-style KPI maps. With `fixedKeys` only values can change. */
export function KpiEditor({ label, value, onChange, fixedKeys = false, error }: { label: string; value: KpiRow[]; onChange: (v: KpiRow[]) => void; fixedKeys?: boolean; error?: React.ReactNode }) {
  const { t } = useTranslation();
  const set = (i: number, patch: Partial<KpiRow>) => onChange(value.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <Stack gap={4} data-testid="kpi-editor">
      <Text size="sm" fw={500}>
        {label}
      </Text>
      {value.map((r, i) => (
        <Group key={i} gap="xs" wrap="nowrap">
          <TextInput
            aria-label={t('projects.kpiName')}
            placeholder={t('projects.kpiName')}
            value={r.key}
            readOnly={fixedKeys}
            onChange={(e) => set(i, { key: e.currentTarget.value })}
            style={{ flex: 1 }}
          />
          <NumberField aria-label={`${t('projects.kpiValue')} ${r.key}`} placeholder={t('projects.kpiValue')} value={r.value} min={0} allowNegative={false} onChange={(v) => set(i, { value: v })} w={140} />
          {!fixedKeys && (
            <ActionIcon variant="subtle" color="red" aria-label={t('common.remove')} onClick={() => onChange(value.filter((_, j) => j !== i))}>
              <IconTrash size={16} />
            </ActionIcon>
          )}
        </Group>
      ))}
      {!fixedKeys && (
        <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => onChange([...value, { key: '', value: '' }])} style={{ alignSelf: 'flex-start' }}>
          {t('projects.addKpi')}
        </Button>
      )}
      {error && (
        <Text size="xs" c="red">
          {error}
        </Text>
      )}
    </Stack>
  );
}
