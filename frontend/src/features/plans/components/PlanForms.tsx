import { Alert, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateField } from '@/components/DateField';
import { EnumSelect, yearOptions } from '@/components/inputs';
import { FormFooter } from '@/components/FormFooter';
import { ServerErrorAlert } from '@/components/ServerErrorAlert';
import { dateRule } from '@/lib/dates';
import { FUNDING_SOURCES, PROJECT_LEVELS } from '@/lib/domain';
import { useFormSubmit } from '@/lib/useFormSubmit';
import { newIdempotencyKey, useCreatePlan, usePlanAction, type Plan, type PlanLevel } from '../api/plans';
import { defaultSource } from '../lib/fit';

export function CreatePlanModal({
  opened,
  onClose,
  onCreated,
  initial,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (plan: Plan) => void;
  initial: { fiscal_year: number; level: PlanLevel };
}) {
  const { t } = useTranslation();
  const create = useCreatePlan();
  const form = useForm({
    initialValues: { fiscal_year: String(initial.fiscal_year), level: initial.level as string, title: '' },
    validate: { fiscal_year: (v) => (v ? null : t('validation.required')), level: (v) => (v ? null : t('validation.required')) },
  });
  const { submit, error, other } = useFormSubmit(form, ['fiscal_year', 'level', 'title'], async (v) => {
    const level = v.level as PlanLevel;
    const title = v.title.trim() || t('plans.defaultName', { year: v.fiscal_year, level: t(`plans.levelName.${level}`) });
    onCreated(await create.mutateAsync({ fiscal_year: Number(v.fiscal_year), level, title }));
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('plans.createTitle')}>
      <form onSubmit={submit} noValidate data-testid="plan-create-form">
        <Stack>
          <ServerErrorAlert error={error} other={other} />
          <Select label={t('plans.fiscalYear')} data={yearOptions()} required {...form.getInputProps('fiscal_year')} />
          <Select
            label={t('plans.level')}
            data={PROJECT_LEVELS.map((l) => ({ value: l, label: t(`plans.levelOption.${l}`) }))}
            required
            {...form.getInputProps('level')}
          />
          <TextInput
            label={t('plans.name')}
            placeholder={t('plans.defaultName', { year: form.values.fiscal_year, level: t(`plans.levelName.${form.values.level || 'local'}`) })}
            {...form.getInputProps('title')}
          />
          <FormFooter onCancel={onClose} submitting={create.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}

export function ApprovePlanModal({ plan, opened, onClose }: { plan: Plan; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const action = usePlanAction(plan.id);
  // One key per opening: a retry after a lost answer replays the approval, never repeats it.
  const [key, setKey] = useState(newIdempotencyKey);
  const form = useForm({
    initialValues: { decision_number: '', decision_date: null as string | null, funding_source: defaultSource(plan.level) },
    validate: {
      decision_number: (v) => (v.trim() ? null : t('validation.required')),
      decision_date: dateRule(t, { required: true }),
      funding_source: (v) => (v ? null : t('validation.required')),
    },
  });
  const { submit, error, other, clear } = useFormSubmit(form, ['decision_number', 'decision_date', 'funding_source'], async (v) => {
    await action.mutateAsync({ kind: 'approve', key, body: { decision_number: v.decision_number.trim(), decision_date: v.decision_date!, funding_source: v.funding_source } });
    close();
  });
  function close() {
    clear();
    form.reset();
    setKey(newIdempotencyKey());
    onClose();
  }
  return (
    <Modal opened={opened} onClose={close} title={t('plans.approveTitle')}>
      <form onSubmit={submit} noValidate data-testid="plan-approve-form">
        <Stack>
          <Alert color="blue">
            <Text size="sm">{t('plans.approveHint')}</Text>
          </Alert>
          <ServerErrorAlert error={error} other={other} />
          <TextInput label={t('plans.decisionNumber')} required {...form.getInputProps('decision_number')} />
          <DateField label={t('plans.decisionDate')} required {...form.getInputProps('decision_date')} />
          <EnumSelect ns="fundingSource" values={FUNDING_SOURCES} label={t('plans.fundingSource')} required {...form.getInputProps('funding_source')} />
          <FormFooter onCancel={close} submitting={action.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}
