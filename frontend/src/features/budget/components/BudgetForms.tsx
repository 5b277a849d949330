import { Group, Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm, type UseFormReturnType } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateField } from '@/components/DateField';
import { EnumSelect, MoneyInput } from '@/components/inputs';
import { NumberField } from '@/components/NumberField';
import { FormFooter } from '@/components/FormFooter';
import { ServerErrorAlert } from '@/components/ServerErrorAlert';
import { newIdempotencyKey } from '@/lib/api/client';
import { CATEGORIES, FUNDING_SOURCES } from '@/lib/domain';
import { dateRule } from '@/lib/dates';
import { numberRule } from '@/lib/forms';
import { useFormSubmit } from '@/lib/useFormSubmit';
import { useCreateAllocation, useCreateAppropriation, useCreateProgram, useReallocate } from '../api/budget';

type Values = Record<string, string | number>;

/** The decision's or voucher's own date (dd/mm/yyyy), sent as document_date; left empty, the
 * server records today. Periodic reports count money by this date, so a decision entered days
 * later still falls in its own quarter. */
function documentDate(v: Values): { document_date?: string } {
  return v.document_date ? { document_date: String(v.document_date) } : {};
}
interface Props {
  opened: boolean;
  onClose: () => void;
}

/** A modal form whose submit carries one Idempotency-Key per opening (a retry replays, not repeats). */
function BudgetModal({
  title,
  opened,
  onClose,
  initialValues,
  required,
  rules = {},
  submit,
  children,
  testId,
}: Props & {
  title: string;
  initialValues: Values;
  required: string[];
  /** Further checks by field (ranges), after the required ones. */
  rules?: Record<string, (v: unknown) => string | null>;
  submit: (v: Values, key: string) => Promise<unknown>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  children: (form: UseFormReturnType<Values, Values, any>) => React.ReactNode;
  testId: string;
}) {
  const { t } = useTranslation();
  const [key, setKey] = useState(newIdempotencyKey);
  const form = useForm<Values>({
    initialValues,
    validate: Object.fromEntries(
      Object.keys(initialValues).map((f) => [f, (v: unknown) => (required.includes(f) && (v === '' || v === null) ? t('validation.required') : (rules[f]?.(v) ?? null))]),
    ),
  });
  const { submit: onSubmit, error: err, other, clear } = useFormSubmit(form, Object.keys(initialValues), async (v) => {
    await submit(v, key);
    close();
  });
  function close() {
    form.reset();
    clear();
    setKey(newIdempotencyKey());
    onClose();
  }
  return (
    <Modal opened={opened} onClose={close} title={title}>
      <form
        data-testid={testId}
        noValidate
        onSubmit={onSubmit}
      >
        <Stack>
          <ServerErrorAlert error={err} other={other} />
          {children(form)}
          <FormFooter onCancel={close} submitting={form.submitting} />
        </Stack>
      </form>
    </Modal>
  );
}

export function AppropriationModal({ year, ...p }: Props & { year: number }) {
  const { t } = useTranslation();
  const mut = useCreateAppropriation(year);
  return (
    <BudgetModal
      {...p}
      testId="appropriation-form"
      title={t('budget.addAppropriation', { year })}
      initialValues={{ funding_source: 'local', amount_vnd: '', decision_number: '', document_date: '' }}
      required={['funding_source', 'amount_vnd', 'decision_number']}
      rules={{ document_date: dateRule(t) }}
      submit={(v, key) =>
        mut.mutateAsync({
          key,
          values: { funding_source: v.funding_source as 'local', amount_vnd: Number(v.amount_vnd), decision_number: String(v.decision_number), ...documentDate(v) },
        })
      }
    >
      {(form) => (
        <>
          <EnumSelect label={t('fields.funding_source')} ns="fundingSource" values={FUNDING_SOURCES} allowDeselect={false} {...form.getInputProps('funding_source')} />
          <MoneyInput label={t('fields.amount_vnd')} required {...form.getInputProps('amount_vnd')} />
          <TextInput label={t('fields.decision_number')} required {...form.getInputProps('decision_number')} />
          <DateField label={t('fields.decision_date')} data-testid="appropriation-date" {...form.getInputProps('document_date')} />
        </>
      )}
    </BudgetModal>
  );
}

export function AllocationModal({ year, ...p }: Props & { year: number }) {
  const { t } = useTranslation();
  const mut = useCreateAllocation(year);
  return (
    <BudgetModal
      {...p}
      testId="allocation-form"
      title={t('budget.addAllocation', { year })}
      initialValues={{ category: 'training', funding_source: 'local', amount_vnd: '', document_date: '' }}
      required={['category', 'funding_source', 'amount_vnd']}
      rules={{ document_date: dateRule(t) }}
      submit={(v, key) =>
        mut.mutateAsync({ key, values: { category: v.category as 'training', funding_source: v.funding_source as 'local', amount_vnd: Number(v.amount_vnd), ...documentDate(v) } })
      }
    >
      {(form) => (
        <>
          <EnumSelect label={t('fields.category')} ns="category" values={CATEGORIES} allowDeselect={false} {...form.getInputProps('category')} />
          <EnumSelect label={t('fields.funding_source')} ns="fundingSource" values={FUNDING_SOURCES} allowDeselect={false} {...form.getInputProps('funding_source')} />
          <MoneyInput label={t('fields.amount_vnd')} required {...form.getInputProps('amount_vnd')} />
          <DateField label={t('bizdates.documentDate')} data-testid="allocation-date" {...form.getInputProps('document_date')} />
        </>
      )}
    </BudgetModal>
  );
}

export function ReallocationModal({ year, ...p }: Props & { year: number }) {
  const { t } = useTranslation();
  const mut = useReallocate(year);
  return (
    <BudgetModal
      {...p}
      testId="reallocation-form"
      title={t('budget.reallocate', { year })}
      initialValues={{ from_category: 'training', to_category: 'technology_transfer', funding_source: 'local', amount_vnd: '', reason: '', document_date: '' }}
      required={['from_category', 'to_category', 'funding_source', 'amount_vnd', 'reason']}
      rules={{ document_date: dateRule(t) }}
      submit={(v, key) =>
        mut.mutateAsync({
          key,
          values: { from_category: v.from_category as 'training', to_category: v.to_category as 'training', funding_source: v.funding_source as 'local', amount_vnd: Number(v.amount_vnd), reason: String(v.reason), ...documentDate(v) },
        })
      }
    >
      {(form) => (
        <>
          <EnumSelect label={t('fields.from_category')} ns="category" values={CATEGORIES} allowDeselect={false} {...form.getInputProps('from_category')} />
          <EnumSelect label={t('fields.to_category')} ns="category" values={CATEGORIES} allowDeselect={false} {...form.getInputProps('to_category')} />
          <EnumSelect label={t('fields.funding_source')} ns="fundingSource" values={FUNDING_SOURCES} allowDeselect={false} {...form.getInputProps('funding_source')} />
          <MoneyInput label={t('fields.amount_vnd')} required {...form.getInputProps('amount_vnd')} />
          <Textarea label={t('fields.reason')} required {...form.getInputProps('reason')} />
          <DateField label={t('bizdates.documentDate')} data-testid="reallocation-date" {...form.getInputProps('document_date')} />
        </>
      )}
    </BudgetModal>
  );
}

export function ProgramModal(p: Props) {
  const { t } = useTranslation();
  const mut = useCreateProgram();
  return (
    <BudgetModal
      {...p}
      testId="program-form"
      title={t('budget.addProgram')}
      initialValues={{ code: '', name: '', legal_basis: '', start_year: new Date().getFullYear(), end_year: new Date().getFullYear() + 4, planned_annual_vnd: '', advance_cap_percent: 70 }}
      required={['code', 'name', 'start_year', 'end_year', 'planned_annual_vnd']}
      rules={{
        start_year: numberRule(t, { min: 2000, max: 2100, integer: true }),
        end_year: numberRule(t, { min: 2000, max: 2100, integer: true }),
        advance_cap_percent: numberRule(t, { min: 0, max: 100 }),
      }}
      submit={(v) =>
        mut.mutateAsync({
          values: {
            code: String(v.code),
            name: String(v.name),
            legal_basis: String(v.legal_basis ?? ''),
            start_year: Number(v.start_year),
            end_year: Number(v.end_year),
            planned_annual_vnd: Number(v.planned_annual_vnd),
            advance_cap_percent: Number(v.advance_cap_percent),
          },
        })
      }
    >
      {(form) => (
        <>
          <TextInput label={t('fields.code')} required {...form.getInputProps('code')} />
          <TextInput label={t('fields.name')} required {...form.getInputProps('name')} />
          <Textarea label={t('fields.legal_basis')} {...form.getInputProps('legal_basis')} />
          <Group grow>
            <NumberField label={t('fields.start_year')} allowDecimal={false} required {...form.getInputProps('start_year')} />
            <NumberField label={t('fields.end_year')} allowDecimal={false} required {...form.getInputProps('end_year')} />
          </Group>
          <MoneyInput label={t('fields.planned_annual_vnd')} required {...form.getInputProps('planned_annual_vnd')} />
          <NumberField label={t('fields.advance_cap_percent')} min={0} max={100} suffix=" %" {...form.getInputProps('advance_cap_percent')} />
        </>
      )}
    </BudgetModal>
  );
}
