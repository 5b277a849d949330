import { Alert, Button, Group, Modal, NumberInput, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MoneyInput } from '@/components/bits';
import { ServerErrorAlert } from '@/components/ServerErrorAlert';
import { newIdempotencyKey } from '@/lib/api/client';
import { FUNDING_SOURCES, type Transition } from '@/lib/domain';
import { applyServerErrors } from '@/lib/forms';
import { formatVnd, todayIso } from '@/lib/format';
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
  submit: [],
  start: [],
  appraisal: [
    { name: 'score', kind: 'number', required: true, min: 0, max: 100 },
    { name: 'recommendation', kind: 'select', required: true, options: ['approve', 'reject', 'revise'], optionNs: 'recommendation' },
    { name: 'recommended_support_vnd', kind: 'money', required: true },
    { name: 'notes', kind: 'textarea' },
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

function initialValues(transition: Transition, p: Project): Record<string, unknown> {
  const v: Record<string, unknown> = {};
  for (const f of TRANSITION_FIELDS[transition]) {
    v[f.name] = f.kind === 'date' ? todayIso() : f.kind === 'kpis' ? kpiRows(p.planned_kpis) : f.kind === 'money' || f.kind === 'number' ? '' : f.kind === 'select' ? (f.options?.[0] ?? '') : '';
  }
  if (transition === 'appraisal') v.recommended_support_vnd = p.requested_support_vnd;
  if (transition === 'approval') {
    v.approved_support_vnd = p.requested_support_vnd;
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
  const [err, setErr] = useState<unknown>(null);
  const [other, setOther] = useState<string[]>([]);
  const specs = TRANSITION_FIELDS[transition];
  const kpiCatalogue = useKpis().data?.items ?? [];
  const form = useForm<Record<string, unknown>>({
    initialValues: initialValues(transition, project),
    validate: (values) => {
      const errors: Record<string, string> = {};
      for (const f of specs) {
        const v = values[f.name];
        if (f.required && (v === '' || v === null || v === undefined)) errors[f.name] = t('validation.required');
        else if ((f.kind === 'number' || f.kind === 'money') && v !== '' && f.max !== undefined && Number(v) > f.max) errors[f.name] = t('validation.max', { max: f.max });
        else if (f.kind === 'kpis') {
          const e = kpiError(v as KpiRow[], kpiCatalogue, t);
          if (e) errors[f.name] = e;
        }
      }
      return errors;
    },
  });

  const submit = form.onSubmit(async (values) => {
    setErr(null);
    setOther([]);
    const body: Record<string, unknown> = {};
    for (const f of specs) {
      const v = values[f.name];
      if (f.kind === 'kpis') body[f.name] = kpiObject(v as KpiRow[]);
      else if (f.kind === 'money' || f.kind === 'number') body[f.name] = v === '' ? null : Number(v);
      else body[f.name] = v === '' ? null : v;
    }
    try {
      await mut.mutateAsync({ transition, body: specs.length ? body : undefined, key });
      onClose();
    } catch (e) {
      setErr(e);
      setOther(applyServerErrors(form, e, specs.map((s) => s.name)));
    }
  });

  const field = (f: FieldSpec) => {
    const label = t(`fields.${f.name}`);
    const common = { label, required: f.required, key: f.name, 'data-testid': `field-${f.name}` };
    switch (f.kind) {
      case 'text':
        return <TextInput {...common} {...form.getInputProps(f.name)} />;
      case 'textarea':
        return <Textarea {...common} autosize minRows={2} {...form.getInputProps(f.name)} />;
      case 'money':
        return <MoneyInput {...common} {...form.getInputProps(f.name)} />;
      case 'number':
        return <NumberInput {...common} min={f.min} max={f.max} decimalSeparator="," {...form.getInputProps(f.name)} />;
      case 'date':
        return <DateInput {...common} valueFormat="DD/MM/YYYY" placeholder="dd/mm/yyyy" {...form.getInputProps(f.name)} />;
      case 'select':
        return (
          <Select
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
          <ServerErrorAlert error={err} other={other} />
          {specs.length === 0 && <Text>{t('projects.confirmTransition', { code: project.code, action: t(`projects.transition.${transition}`) })}</Text>}
          {advanceCap !== null && (
            <Alert color="blue" variant="light">
              {t('projects.advanceHint', { cap: formatVnd(advanceCap), disbursed: formatVnd(project.disbursed_vnd) })}
            </Alert>
          )}
          {specs.map(field)}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={mut.isPending} color={transition === 'rejection' || transition === 'cancellation' ? 'red' : undefined} data-testid="transition-submit">
              {t(`projects.transition.${transition}`)}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
