import { Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { EnumSelect, MoneyInput } from '@/components/inputs';
import { DateField } from '@/components/DateField';
import { NumberField } from '@/components/NumberField';
import { AdminUnitPicker, CraftVillageSelect, EnterpriseSelect } from '@/components/pickers';
import { FormFooter } from '@/components/FormFooter';
import { ServerErrorAlert } from '@/components/ServerErrorAlert';
import { PROJECT_LEVELS } from '@/lib/domain';
import { dateRule, isIsoDate } from '@/lib/dates';
import { changed, numberRule } from '@/lib/forms';
import { useFormSubmit } from '@/lib/useFormSubmit';
import { api, unwrap } from '@/lib/api/client';
import { formatVnd, todayIso } from '@/lib/format';
import { useActivityTypes, type ActivityCategory, type Project, type ProjectCreate } from '../api/projects';
import { CostEstimateTable, costProblems, toCostLines, toRows, type CostLine, type CostRow } from '@/features/cost-estimate/routes';
import { upliftOf, usePriorityAreas } from '@/features/priority-areas/routes';
import { useKpis } from '../api/kpis';
import { ImplementingUnitInput } from './ImplementingUnitInput';
import { KpiEditor, kpiError, kpiObject, kpiRows, type KpiRow } from './KpiEditor';

interface Values {
  title: string;
  activity_type: string;
  level: string;
  fiscal_year: number | string;
  implementing_unit: string;
  beneficiary_enterprise_id: string | null;
  craft_village_id: string | null;
  admin_unit_code: string | null;
  start_on: string | null;
  end_on: string | null;
  total_cost_vnd: number | string;
  requested_support_vnd: number | string;
  counterpart_vnd: number | string;
  objectives: string;
  expected_outcomes: string;
  planned_kpis: KpiRow[];
  cost_lines: CostRow[];
  // The project had an estimate: removing every row sends `cost_lines: null` (drops it).
  had_cost_lines: boolean;
}
const FIELDS = [
  'title',
  'activity_type',
  'level',
  'fiscal_year',
  'implementing_unit',
  'beneficiary_enterprise_id',
  'craft_village_id',
  'admin_unit_code',
  'start_on',
  'end_on',
  'total_cost_vnd',
  'requested_support_vnd',
  'counterpart_vnd',
  'objectives',
  'expected_outcomes',
  'planned_kpis',
  'cost_lines',
] as const;

// The estimate's lines as the project answers them (absent before a server that knows them).
type WithCostLines = { cost_lines?: CostLine[] | null };
export type ProjectPayload = ProjectCreate & WithCostLines;

const toValues = (p?: Project, enterpriseId?: string | null): Values => ({
  title: p?.title ?? '',
  activity_type: p?.activity_type ?? '',
  level: p?.level ?? 'local',
  fiscal_year: p?.fiscal_year ?? new Date().getFullYear(),
  implementing_unit: p?.implementing_unit ?? '',
  beneficiary_enterprise_id: p?.beneficiary_enterprise_id ?? enterpriseId ?? null,
  craft_village_id: p?.craft_village_id ?? null,
  admin_unit_code: p?.admin_unit_code ?? null,
  start_on: p?.start_on ?? null,
  end_on: p?.end_on ?? null,
  total_cost_vnd: p?.total_cost_vnd ?? '',
  requested_support_vnd: p?.requested_support_vnd ?? '',
  counterpart_vnd: p?.counterpart_vnd ?? '',
  objectives: p?.objectives ?? '',
  expected_outcomes: p?.expected_outcomes ?? '',
  planned_kpis: kpiRows(p?.planned_kpis),
  cost_lines: toRows((p as WithCostLines | undefined)?.cost_lines),
  had_cost_lines: !!(p as WithCostLines | undefined)?.cost_lines?.length,
});
const toPayload = (v: Values): ProjectPayload => ({
  title: v.title.trim(),
  activity_type: v.activity_type,
  level: v.level as ProjectCreate['level'],
  fiscal_year: Number(v.fiscal_year),
  implementing_unit: v.implementing_unit.trim(),
  beneficiary_enterprise_id: v.beneficiary_enterprise_id || null,
  craft_village_id: v.craft_village_id || null,
  admin_unit_code: v.admin_unit_code || null,
  start_on: v.start_on || null,
  end_on: v.end_on || null,
  total_cost_vnd: Number(v.total_cost_vnd),
  requested_support_vnd: Number(v.requested_support_vnd),
  counterpart_vnd: Number(v.counterpart_vnd),
  objectives: v.objectives.trim() || null,
  expected_outcomes: v.expected_outcomes.trim() || null,
  planned_kpis: kpiObject(v.planned_kpis),
  ...(v.cost_lines.length > 0 || v.had_cost_lines ? { cost_lines: toCostLines(v.cost_lines) } : {}),
});

/** The day whose administrative units a project of `year` uses: today in the current year, else 1 January. */
export function projectDay(year: number | string, today: string = todayIso()): string | null {
  const y = Number(year);
  if (!Number.isInteger(y) || y < 1900 || y > 2100) return today;
  return String(y) === today.slice(0, 4) ? today : `${y}-01-01`;
}

type SupportRule = ActivityCategory['activity_types'][number]['support_rules'][number];

/** The support rule in force for an activity type on a date (a program-specific rule wins). */
function supportRule(catalog: ActivityCategory[], code: string, on: string): SupportRule | null {
  const type = catalog.flatMap((c) => c.activity_types).find((a) => a.code === code);
  const live = (type?.support_rules ?? []).filter((r) => r.effective_from <= on && (!r.effective_to || on <= r.effective_to));
  live.sort((a, b) => Number(!!b.program_code) - Number(!!a.program_code) || b.effective_from.localeCompare(a.effective_from));
  return live[0] ?? null;
}

export function ProjectForm({
  initial,
  onSubmit,
  onCancel,
  fixedEnterpriseId,
}: {
  initial?: Project;
  onSubmit: (b: Partial<ProjectPayload>) => Promise<unknown>;
  onCancel?: () => void;
  /** Enterprise users propose projects for their own enterprise only. */
  fixedEnterpriseId?: string | null;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const activity = useActivityTypes();
  const kpiCatalogue = useKpis().data?.items ?? [];
  const req = (v: unknown) => (v === '' || v === null || v === undefined ? t('validation.required') : null);
  const form = useForm<Values>({
    initialValues: toValues(initial, fixedEnterpriseId),
    validate: {
      title: (v) => req(v.trim()),
      activity_type: req,
      implementing_unit: (v) => req(v.trim()),
      fiscal_year: numberRule(t, { min: 2014, max: 2100, integer: true, required: true }),
      total_cost_vnd: req,
      requested_support_vnd: (v, all) => req(v) ?? (Number(v) > Number(all.total_cost_vnd) ? t('validation.supportExceedsCost') : null),
      counterpart_vnd: req,
      cost_lines: (rows, all) => (costProblems(rows, all).length ? t('costEstimate.hint') : null),
      start_on: dateRule(t),
      end_on: (v, all) => dateRule(t)(v) ?? (isIsoDate(v) && isIsoDate(all.start_on) && v < all.start_on ? t('validation.endBeforeStart') : null),
      planned_kpis: (v) => kpiError(v, kpiCatalogue, t),
    },
  });

  const catalog = activity.data?.items ?? [];
  // The activity types are the server's catalogue (GET /activity-types), grouped by category in
  // the catalogue's order.
  const groups = [...catalog]
    .sort((a, b) => a.position - b.position)
    .map((c) => ({ group: t(`enum.category.${c.code}`, { defaultValue: c.name }), items: c.activity_types.map((a) => ({ value: a.code, label: t(`enum.activityType.${a.code}`, { defaultValue: a.name }) })) }));
  const rule = supportRule(catalog, form.values.activity_type, isIsoDate(form.values.start_on) ? form.values.start_on : `${form.values.fiscal_year}-01-01`);
  // a priority area raises both the share and the cap (the server checks its marks on 1 January)
  const unit = form.values.admin_unit_code;
  const marks = usePriorityAreas({ admin_unit_code: unit ?? undefined, on: `${form.values.fiscal_year}-01-01`, page_size: 20 }, !!unit && !!rule).data?.items ?? [];
  const uplift = unit ? upliftOf(marks, initial?.program_code) : 100;
  const raised = (n: number) => Math.floor((n * uplift) / 100);
  const ruleHint = rule
    ? [
        rule.max_percent !== null ? t('projects.rulePercent', { percent: raised(rule.max_percent) }) : null,
        rule.max_vnd !== null ? t('projects.ruleCap', { cap: formatVnd(raised(rule.max_vnd)) }) : null,
      ]
        .filter(Boolean)
        .join(', ')
        .replace(/^./, (c) => c.toUpperCase()) +
      (rule.legal_basis ? ` (${rule.legal_basis})` : '') +
      (uplift > 100 ? `; ${t('projects.rulePriority', { uplift })}` : '')
    : undefined;

  // Choosing the beneficiary brings its commune and craft village along; both stay editable.
  const chooseBeneficiary = async (id: string | null) => {
    form.setFieldValue('beneficiary_enterprise_id', id);
    if (!id) return;
    try {
      const e = await qc.fetchQuery({
        queryKey: ['ref', 'enterprises', 'facts', id],
        queryFn: () => unwrap(api.GET('/api/v1/enterprises/{id}', { params: { path: { id } } })),
        staleTime: 60_000,
      });
      if (form.getValues().beneficiary_enterprise_id !== id) return; // chosen again meanwhile
      if (e.admin_unit_code) form.setFieldValue('admin_unit_code', e.admin_unit_code);
      if (e.craft_village_id) form.setFieldValue('craft_village_id', e.craft_village_id);
    } catch {
      /* the fields stay as they were; the officer fills them in */
    }
  };

  const { submit, error: err, other } = useFormSubmit(form, FIELDS, async (v) => {
    await onSubmit(initial ? changed(toPayload(toValues(initial)), toPayload(v)) : toPayload(v));
  });

  return (
    <form onSubmit={submit} noValidate data-testid="project-form">
      <Stack>
        <ServerErrorAlert error={err} other={other} />
        <TextInput label={t('fields.title')} required data-testid="field-title" {...form.getInputProps('title')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select label={t('fields.activity_type')} required searchable data={groups} data-testid="field-activity_type" {...form.getInputProps('activity_type')} />
          <EnumSelect label={t('fields.level')} ns="level" values={PROJECT_LEVELS} allowDeselect={false} {...form.getInputProps('level')} />
          <NumberField label={t('fields.fiscal_year')} required min={2014} max={2100} allowDecimal={false} data-testid="field-fiscal_year" {...form.getInputProps('fiscal_year')} />
          <ImplementingUnitInput label={t('fields.implementing_unit')} required data-testid="field-implementing_unit" {...form.getInputProps('implementing_unit')} />
          <EnterpriseSelect
            label={t('fields.beneficiary_enterprise_id')}
            disabled={!!fixedEnterpriseId}
            data-testid="field-beneficiary"
            {...form.getInputProps('beneficiary_enterprise_id')}
            onChange={(id) => void chooseBeneficiary(id)}
          />
          <CraftVillageSelect label={t('fields.craft_village_id')} data-testid="field-craft_village_id" {...form.getInputProps('craft_village_id')} />
          <AdminUnitPicker label={t('fields.admin_unit_code')} validOn={projectDay(form.values.fiscal_year)} data-testid="field-admin_unit_code" {...form.getInputProps('admin_unit_code')} />
          <div />
          <DateField label={t('fields.start_on')} data-testid="field-start_on" {...form.getInputProps('start_on')} />
          <DateField label={t('fields.end_on')} data-testid="field-end_on" {...form.getInputProps('end_on')} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <MoneyInput label={t('fields.total_cost_vnd')} required data-testid="field-total_cost_vnd" {...form.getInputProps('total_cost_vnd')} />
          <MoneyInput
            label={t('fields.requested_support_vnd')}
            required
            description={ruleHint}
            data-testid="field-requested_support_vnd"
            {...form.getInputProps('requested_support_vnd')}
          />
          <MoneyInput label={t('fields.counterpart_vnd')} required data-testid="field-counterpart_vnd" {...form.getInputProps('counterpart_vnd')} />
        </SimpleGrid>
        <Textarea label={t('fields.objectives')} autosize minRows={2} {...form.getInputProps('objectives')} />
        <Textarea label={t('fields.expected_outcomes')} autosize minRows={2} {...form.getInputProps('expected_outcomes')} />
        <CostEstimateTable
          rows={form.values.cost_lines}
          onChange={(rows) => form.setFieldValue('cost_lines', rows)}
          project={form.values}
          onUseTotals={(totals) => form.setValues(totals)}
          error={form.errors.cost_lines}
        />
        <KpiEditor label={t('fields.planned_kpis')} activityType={form.values.activity_type} value={form.values.planned_kpis} onChange={(v) => form.setFieldValue('planned_kpis', v)} error={form.errors.planned_kpis} />
        <FormFooter onCancel={onCancel} submitting={form.submitting} />
      </Stack>
    </form>
  );
}
