import { Alert, Group, Modal, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MoneyInput } from '@/components/inputs';
import { DateField } from '@/components/DateField';
import { FormFooter } from '@/components/FormFooter';
import { NumberField } from '@/components/NumberField';
import { ServerErrorAlert } from '@/components/ServerErrorAlert';
import { newIdempotencyKey } from '@/lib/api/client';
import { FUNDING_SOURCES, type Transition } from '@/lib/domain';
import { dateRule, isIsoDate } from '@/lib/dates';
import { numberRule } from '@/lib/forms';
import { formatDate, formatVnd, todayIso } from '@/lib/format';
import { useFormSubmit } from '@/lib/useFormSubmit';
import { useTransition, type Project } from '../api/projects';
import { useKpis } from '../api/kpis';
import { KpiEditor, kpiError, kpiObject, kpiRows, type KpiRow } from './KpiEditor';

type Kind = 'text' | 'textarea' | 'money' | 'number' | 'date' | 'select' | 'kpis';
interface FieldSpec {
  name: string;
  kind: Kind;
  required?: boolean;
  options?: readonly string[];
  optionNs?: string;
  min?: number;
  max?: number;
}

export const TRANSITION_FIELDS: Record<Transition, FieldSpec[]> = {
  // the date of the step's document (the dossier's receipt, the appraisal minutes): the forms
  // are dated by it, so a step recorded later keeps its own day; empty, the day it is recorded
  submit: [{ name: 'document_date', kind: 'date' }],
  start: [{ name: 'document_date', kind: 'date' }],
  appraisal: [
    { name: 'score', kind: 'number', required: true, min: 0, max: 100 },
    { name: 'recommendation', kind: 'select', required: true, options: ['approve', 'reject', 'revise'], optionNs: 'recommendation' },
    { name: 'recommended_support_vnd', kind: 'money', required: true },
    { name: 'notes', kind: 'textarea' },
    { name: 'document_date', kind: 'date' },
  ],
  approval: [
    { name: 'decision_number', kind: 'text', required: true },
    { name: 'decision_date', kind: 'date', required: true },
    { name: 'approved_support_vnd', kind: 'money', required: true },
    { name: 'funding_source', kind: 'select', required: true, options: FUNDING_SOURCES, optionNs: 'fundingSource' },
  ],
  rejection: [{ name: 'reason', kind: 'textarea', required: true }],
  cancellation: [{ name: 'reason', kind: 'textarea', required: true }],
  'progress-reports': [
    { name: 'period', kind: 'text', required: true },
    { name: 'percent_complete', kind: 'number', required: true, min: 0, max: 100 },
    { name: 'notes', kind: 'textarea' },
    { name: 'kpis', kind: 'kpis' },
  ],
  advances: [
    { name: 'amount_vnd', kind: 'money', required: true },
    { name: 'document_date', kind: 'date' },
    { name: 'reference', kind: 'text', required: true },
  ],
  acceptance: [
    { name: 'accepted_on', kind: 'date', required: true },
    { name: 'record_number', kind: 'text', required: true },
    { name: 'accepted_support_vnd', kind: 'money', required: true },
    { name: 'actual_kpis', kind: 'kpis' },
  ],
  settlement: [
    { name: 'settled_on', kind: 'date', required: true },
    { name: 'reference', kind: 'text', required: true },
  ],
};

// Labels that differ from the field's usual one in this dialog.
const LABELS: Record<string, string> = {
  'submit.document_date': 'transitions.submittedOn',
  'start.document_date': 'transitions.startedOn',
  'appraisal.document_date': 'transitions.appraisedOn',
  'advances.document_date': 'settle.documentDate',
  'advances.reference': 'settle.voucher',
  'settlement.reference': 'settle.voucher',
};

/** The settlement deadline: 22 January of the year after the fiscal year. */
export function settlementDeadline(fiscalYear: number): string {
  return `${fiscalYear + 1}-01-22`;
}

/** What settling pays now (accepted − advances already paid) and what it leaves unused (approved − accepted). */
export function settlementFigures(p: Pick<Project, 'approved_support_vnd' | 'accepted_support_vnd' | 'advanced_vnd'>) {
  const accepted = p.accepted_support_vnd ?? 0;
  return { accepted, advanced: p.advanced_vnd, toPay: accepted - p.advanced_vnd, toRelease: Math.max(0, (p.approved_support_vnd ?? 0) - accepted) };
}

function SettlementPreview({ project, settledOn }: { project: Project; settledOn: unknown }) {
  const { t } = useTranslation();
  const f = settlementFigures(project);
  const deadline = settlementDeadline(project.fiscal_year);
  const on = isIsoDate(settledOn) ? settledOn : todayIso();
  const rows: Array<[string, number, string]> = [
    [t('settle.accepted'), f.accepted, 'settle-accepted'],
    [t('settle.advanced'), f.advanced, 'settle-advanced'],
    [t('settle.toPay'), f.toPay, 'settle-to-pay'],
    [t('settle.toRelease'), f.toRelease, 'settle-to-release'],
  ];
  return (
    <Stack gap="xs">
      <Alert color="blue" variant="light" title={t('settle.preview')} data-testid="settlement-preview">
        <SimpleGrid cols={2} spacing={4} component="dl" m={0}>
          {rows.map(([label, value, id]) => (
            <Group key={id} justify="space-between" wrap="nowrap" gap="xs" style={{ gridColumn: 'span 2' }}>
              <Text component="dt" size="sm">
                {label}
              </Text>
              <Text component="dd" m={0} size="sm" fw={700} data-testid={id} style={{ fontVariantNumeric: 'tabular-nums' }}>
                {formatVnd(value)}
              </Text>
            </Group>
          ))}
        </SimpleGrid>
      </Alert>
      {on > deadline && (
        <Alert color="orange" variant="light" data-testid="settlement-late">
          {t('settle.deadlineWarning', { deadline: formatDate(deadline), year: project.fiscal_year })}
        </Alert>
      )}
    </Stack>
  );
}

function initialValues(transition: Transition, p: Project): Record<string, unknown> {
  const v: Record<string, unknown> = {};
  for (const f of TRANSITION_FIELDS[transition]) {
    v[f.name] = f.kind === 'date' ? (f.required ? todayIso() : null) : f.kind === 'kpis' ? kpiRows(p.planned_kpis) : f.kind === 'money' || f.kind === 'number' ? '' : f.kind === 'select' ? (f.options?.[0] ?? '') : '';
  }
  if (transition === 'appraisal') v.recommended_support_vnd = p.requested_support_vnd;
  if (transition === 'approval') {
    // the appraisal's recommendation bounds the approval (the server refuses more)
    v.approved_support_vnd = p.recommended_support_vnd ?? p.requested_support_vnd;
    v.funding_source = p.level === 'national' ? 'national' : 'local';
  }
  if (transition === 'acceptance') v.accepted_support_vnd = p.approved_support_vnd ?? '';
  if (transition === 'progress-reports') v.period = todayIso().slice(0, 7);
  return v;
}

export function TransitionDialog({ project, transition, onClose }: { project: Project; transition: Transition; onClose: () => void }) {
  const { t } = useTranslation();
  const mut = useTransition(project.id);
  const [key] = useState(newIdempotencyKey);
  const specs = TRANSITION_FIELDS[transition];
  const kpiCatalogue = useKpis().data?.items ?? [];
  const form = useForm<Record<string, unknown>>({
    initialValues: initialValues(transition, project),
    validate: (values) => {
      const errors: Record<string, string> = {};
      for (const f of specs) {
        const v = values[f.name];
        const problem =
          f.kind === 'date'
            ? dateRule(t, { required: f.required })(v)
            : f.kind === 'number' || f.kind === 'money'
              ? numberRule(t, { min: f.min, max: f.max, required: f.required })(v)
              : f.kind === 'kpis'
                ? kpiError(v as KpiRow[], kpiCatalogue, t)
                : f.required && (v === '' || v === null || v === undefined)
                  ? t('validation.required')
                  : null;
        if (problem) errors[f.name] = problem;
      }
      return errors;
    },
  });

  const { submit, error, other } = useFormSubmit(
    form,
    specs.map((s) => s.name),
    async (values) => {
      const body: Record<string, unknown> = {};
      for (const f of specs) {
        const v = values[f.name];
        if (f.kind === 'kpis') body[f.name] = kpiObject(v as KpiRow[]);
        else if (f.kind === 'money' || f.kind === 'number') body[f.name] = v === '' ? null : Number(v);
        // An optional date left empty is not sent (the service then records none).
        else if (f.kind === 'date' && !f.required && !v) continue;
        else body[f.name] = v === '' ? null : v;
      }
      await mut.mutateAsync({ transition, body: specs.length ? body : undefined, key });
      onClose();
    },
  );

  const field = (f: FieldSpec) => {
    const label = LABELS[`${transition}.${f.name}`] ? t(LABELS[`${transition}.${f.name}`]!) : t(`fields.${f.name}`);
    const common = { label, required: f.required, 'data-testid': `field-${f.name}` };
    switch (f.kind) {
      case 'text':
        return <TextInput key={f.name} {...common} {...form.getInputProps(f.name)} />;
      case 'textarea':
        return <Textarea key={f.name} {...common} autosize minRows={2} {...form.getInputProps(f.name)} />;
      case 'money':
        return <MoneyInput key={f.name} {...common} {...form.getInputProps(f.name)} />;
      case 'number':
        return <NumberField key={f.name} {...common} min={f.min} max={f.max} decimalSeparator="," {...form.getInputProps(f.name)} />;
      case 'date':
        return <DateField key={f.name} {...common} {...form.getInputProps(f.name)} />;
      case 'select':
        return (
          <Select
            key={f.name}
            {...common}
            allowDeselect={false}
            data={(f.options ?? []).map((o) => ({ value: o, label: t(`enum.${f.optionNs}.${o}`, { defaultValue: o }) }))}
            {...form.getInputProps(f.name)}
          />
        );
      case 'kpis':
        return (
          <KpiEditor
            key={f.name}
            label={label}
            activityType={project.activity_type}
            value={form.values[f.name] as KpiRow[]}
            onChange={(v) => form.setFieldValue(f.name, v)}
            error={form.errors[f.name]}
          />
        );
    }
  };

  const advanceCap = transition === 'advances' && project.approved_support_vnd ? Math.floor(project.approved_support_vnd * 0.7) : null;

  return (
    <Modal opened onClose={onClose} title={t(`projects.transition.${transition}`)} size="lg">
      <form onSubmit={submit} noValidate data-testid={`transition-form-${transition}`}>
        <Stack>
          <ServerErrorAlert error={error} other={other} />
          {specs.length === 0 && <Text>{t('projects.confirmTransition', { code: project.code, action: t(`projects.transition.${transition}`) })}</Text>}
          {advanceCap !== null && (
            <Alert color="blue" variant="light">
              {t('projects.advanceHint', { cap: formatVnd(advanceCap), disbursed: formatVnd(project.disbursed_vnd) })}
            </Alert>
          )}
          {specs.map(field)}
          {transition === 'settlement' && <SettlementPreview project={project} settledOn={form.values.settled_on} />}
          <FormFooter
            onCancel={onClose}
            submitting={mut.isPending}
            label={t(`projects.transition.${transition}`)}
            color={transition === 'rejection' || transition === 'cancellation' ? 'red' : undefined}
            testId="transition-submit"
          />
        </Stack>
      </form>
    </Modal>
  );
}
