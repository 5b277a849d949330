import { ActionIcon, Button, Group, Select, Stack, Text, type ComboboxItem, type ComboboxParsedItem, type OptionsFilter } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { NumberField } from '@/components/NumberField';
import { formatNumber } from '@/lib/format';
import { useKpis, type Kpi } from '../api/kpis';

/** One chosen indicator: a number, or for cleaner production the amounts before and after. */
export type KpiRow = { code: string; kind: Kpi['kind']; value: number | string; baseline: number | string; result: number | string };
type Pair = { baseline: number; result: number };

const isPair = (v: unknown): v is Pair => typeof v === 'object' && v !== null && 'baseline' in v && 'result' in v;
const num = (v: unknown): number | string => (typeof v === 'number' ? v : v === null || v === undefined || v === '' ? '' : Number(v));

/** `{"trainees": 30, "cp_energy_kwh": {"baseline": 1, "result": 0.8}}` → editor rows. */
export const kpiRows = (o: Record<string, unknown> | null | undefined): KpiRow[] =>
  Object.entries(o ?? {}).map(([code, v]) =>
    isPair(v) ? { code, kind: 'baseline_result', value: '', baseline: num(v.baseline), result: num(v.result) } : { code, kind: 'value', value: num(v), baseline: '', result: '' },
  );

/** Editor rows → the JSON object the API takes (rows without an indicator are left out). */
export const kpiObject = (rows: KpiRow[]): Record<string, number | Pair> =>
  Object.fromEntries(
    rows
      .filter((r) => r.code)
      .map((r) => [r.code, r.kind === 'baseline_result' ? { baseline: Number(r.baseline), result: Number(r.result) } : Number(r.value)]),
  );

const blank = (v: number | string) => v === '' || v === null || v === undefined || Number.isNaN(Number(v));

/** The first problem of one row, or null: unknown code, missing value (when `required`), negative,
 * percentage over 100. */
export function kpiRowError(row: KpiRow, catalogue: Kpi[], t: TFunction, required = true): string | null {
  if (!row.code) return null;
  const kpi = catalogue.find((k) => k.code === row.code);
  if (catalogue.length && !kpi) return t('kpiPicker.unknown', { code: row.code });
  const values = row.kind === 'baseline_result' ? [row.baseline, row.result] : [row.value];
  if (required && values.some(blank)) return t('kpiPicker.required');
  if (values.some((v) => Number(v) < 0)) return t('kpiPicker.negative');
  const max = kpi?.max_value;
  if (max !== null && max !== undefined && values.some((v) => Number(v) > max)) return t('kpiPicker.maxPercent', { max });
  return null;
}

/** For a form's `validate`: the first problem of any row. */
export function kpiError(rows: KpiRow[], catalogue: Kpi[], t: TFunction): string | null {
  for (const r of rows) {
    const e = kpiRowError(r, catalogue, t);
    if (e) return e;
  }
  return null;
}

export const foldText = (s: string) =>
  s
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** Search without diacritics: "giam chat thai" finds "Giảm chất thải". */
const foldedFilter: OptionsFilter = ({ options, search }) => {
  const q = foldText(search.trim());
  if (!q) return options;
  const keep = (o: ComboboxItem) => foldText(o.label).includes(q);
  return options
    .map((o): ComboboxParsedItem => ('group' in o ? { ...o, items: o.items.filter(keep) } : o))
    .filter((o) => ('group' in o ? o.items.length > 0 : keep(o)));
};

export const kpiName = (kpi: Kpi, lang: string) => (lang.startsWith('en') ? kpi.name_en : kpi.name_vi);

/** A stored KPI value for reading: `30`, or `240.000 → 198.000` for baseline and result. */
export function formatKpiValue(v: unknown): string {
  if (isPair(v)) return `${formatNumber(v.baseline)} → ${formatNumber(v.result)}`;
  return typeof v === 'number' ? formatNumber(v) : v === null || v === undefined ? '—' : String(v);
}

/**
 * Chooses indicators from the catalogue (GET /kpis) and takes their numbers: one value with its
 * unit, or baseline and result for cleaner production (the saving is shown, never typed).
 * Indicators that suit `activityType` are offered first.
 */
export function KpiEditor({
  label,
  value,
  onChange,
  error,
  activityType,
  fixedKeys = false,
}: {
  label: string;
  value: KpiRow[];
  onChange: (v: KpiRow[]) => void;
  error?: React.ReactNode;
  activityType?: string | null;
  fixedKeys?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const catalogue = useKpis().data?.items ?? [];
  const vi = !i18n.language.startsWith('en');
  const separators = vi ? { thousandSeparator: '.', decimalSeparator: ',' } : { thousandSeparator: ',', decimalSeparator: '.' };
  const set = (i: number, patch: Partial<KpiRow>) => onChange(value.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const chosen = new Set(value.map((r) => r.code));
  const option = (k: Kpi, own: string) => ({ value: k.code, label: `${kpiName(k, i18n.language)} (${k.unit})`, disabled: k.code !== own && chosen.has(k.code) });
  const options = (own: string) => {
    const suits = (k: Kpi) => !!activityType && k.activity_types.includes(activityType);
    const suited = catalogue.filter(suits).map((k) => option(k, own));
    const others = catalogue.filter((k) => !suits(k)).map((k) => option(k, own));
    return suited.length ? [{ group: t('kpiPicker.suited'), items: suited }, ...(others.length ? [{ group: t('kpiPicker.others'), items: others }] : [])] : others;
  };

  return (
    <Stack gap={6} data-testid="kpi-editor" role="group" aria-label={label}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      {value.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('kpiPicker.none')}
        </Text>
      )}
      {value.map((r, i) => {
        const kpi = catalogue.find((k) => k.code === r.code);
        const name = kpi ? kpiName(kpi, i18n.language) : r.code;
        const rowError = kpiRowError(r, catalogue, t, false); // "missing" only once the form is sent
        const number = (field: 'value' | 'baseline' | 'result', text: string) => (
          <NumberField
            aria-label={`${name}: ${text}${kpi ? ` (${kpi.unit})` : ''}`}
            placeholder={text}
            label={field === 'value' ? undefined : text}
            value={r[field]}
            min={0}
            max={kpi?.max_value ?? undefined}
            allowNegative={false}
            {...separators}
            onChange={(v) => set(i, { [field]: v })}
            w={field === 'value' ? 140 : 160}
            data-testid={`kpi-${field}-${i}`}
            error={!!rowError && r.code !== ''}
          />
        );
        return (
          <Stack key={i} gap={2} data-testid={`kpi-row-${i}`}>
            <Group gap="xs" wrap="wrap" align="flex-end">
              <Select
                aria-label={t('kpiPicker.indicator')}
                placeholder={t('kpiPicker.choose')}
                searchable
                selectFirstOptionOnChange
                filter={foldedFilter}
                data={options(r.code)}
                value={kpi ? r.code : null}
                readOnly={fixedKeys}
                onChange={(code) => {
                  const k = catalogue.find((c) => c.code === code);
                  if (k) set(i, { code: k.code, kind: k.kind, value: '', baseline: '', result: '' });
                }}
                style={{ flex: '1 1 240px' }}
                data-testid={`kpi-code-${i}`}
              />
              {(!kpi || kpi.kind === 'value') && number('value', t('kpiPicker.value'))}
              {kpi?.kind === 'baseline_result' && (
                <>
                  {number('baseline', t('kpiPicker.baseline'))}
                  {number('result', t('kpiPicker.result'))}
                </>
              )}
              {kpi && (
                <Text size="sm" c="dimmed" data-testid={`kpi-unit-${i}`}>
                  {kpi.unit}
                </Text>
              )}
              {!fixedKeys && (
                <ActionIcon variant="subtle" color="red" aria-label={t('kpiPicker.remove', { name })} onClick={() => onChange(value.filter((_, j) => j !== i))}>
                  <IconTrash size={16} />
                </ActionIcon>
              )}
            </Group>
            {kpi?.kind === 'baseline_result' && !blank(r.baseline) && !blank(r.result) && (
              <Text size="xs" c="teal" data-testid={`kpi-saving-${i}`}>
                {t('kpiPicker.saving', { value: formatNumber(Number(r.baseline) - Number(r.result)), unit: kpi.unit })}
              </Text>
            )}
            {rowError && (
              <Text size="xs" c="red" role="alert">
                {rowError}
              </Text>
            )}
          </Stack>
        );
      })}
      {!fixedKeys && (
        <Button
          variant="subtle"
          size="xs"
          leftSection={<IconPlus size={14} aria-hidden />}
          onClick={() => onChange([...value, { code: '', kind: 'value', value: '', baseline: '', result: '' }])}
          style={{ alignSelf: 'flex-start' }}
          data-testid="kpi-add"
        >
          {t('kpiPicker.add')}
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
