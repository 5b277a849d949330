import { Checkbox, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { DateField } from '@/components/DateField';
import { NumberField } from '@/components/NumberField';
import { AdminUnitPicker } from '@/components/pickers';
import { FormFooter } from '@/components/FormFooter';
import { ServerErrorAlert } from '@/components/ServerErrorAlert';
import { dateRule, isIsoDate } from '@/lib/dates';
import { todayIso } from '@/lib/format';
import { changed, numberRule } from '@/lib/forms';
import { useFormSubmit } from '@/lib/useFormSubmit';
import type { CraftVillage, CraftVillageCreate } from '../api/craftVillages';

interface Values {
  name: string;
  craft: string;
  admin_unit_code: string;
  is_traditional: boolean;
  recognized_on: string | null;
  recognition_decision: string;
  households: number | string;
  craft_households: number | string;
  workers: number | string;
  founded_year: number | string;
  description: string;
}
const FIELDS = ['name', 'craft', 'admin_unit_code', 'is_traditional', 'recognized_on', 'recognition_decision', 'households', 'craft_households', 'workers', 'founded_year', 'description'] as const;

const toValues = (c?: CraftVillage): Values => ({
  name: c?.name ?? '',
  craft: c?.craft ?? '',
  admin_unit_code: c?.admin_unit_code ?? '',
  is_traditional: c?.is_traditional ?? false,
  recognized_on: c?.recognized_on ?? null,
  recognition_decision: c?.recognition_decision ?? '',
  households: c?.households ?? '',
  craft_households: c?.craft_households ?? '',
  workers: c?.workers ?? '',
  founded_year: c?.founded_year ?? '',
  description: c?.description ?? '',
});
const num = (v: number | string) => (v === '' ? null : Number(v));
const toPayload = (v: Values): CraftVillageCreate => ({
  name: v.name.trim(),
  craft: v.craft.trim(),
  admin_unit_code: v.admin_unit_code,
  is_traditional: v.is_traditional,
  recognized_on: v.recognized_on || null,
  recognition_decision: v.recognition_decision.trim() || null,
  households: num(v.households),
  craft_households: num(v.craft_households),
  workers: num(v.workers),
  founded_year: num(v.founded_year),
  description: v.description.trim() || null,
});

export function CraftVillageForm({ initial, onSubmit, onCancel }: { initial?: CraftVillage; onSubmit: (b: Partial<CraftVillageCreate>) => Promise<unknown>; onCancel?: () => void }) {
  const { t } = useTranslation();
  const req = (v: string) => (v.trim() ? null : t('validation.required'));
  const form = useForm<Values>({
    initialValues: toValues(initial),
    validate: {
      name: req,
      craft: req,
      admin_unit_code: (v) => (v ? null : t('validation.required')),
      founded_year: numberRule(t, { min: 1000, max: 2100, integer: true }),
      recognized_on: dateRule(t),
      households: numberRule(t, { min: 0, integer: true }),
      workers: numberRule(t, { min: 0, integer: true }),
      craft_households: (v, all) =>
        numberRule(t, { min: 0, integer: true })(v) ??
        (v !== '' && all.households !== '' && Number(v) > Number(all.households) ? t('validation.craftHouseholds') : null),
    },
  });
  const { submit, error: err, other } = useFormSubmit(form, FIELDS, async (v) => {
    await onSubmit(initial ? changed(toPayload(toValues(initial)), toPayload(v)) : toPayload(v));
  });
  return (
    <form onSubmit={submit} noValidate data-testid="craft-village-form">
      <Stack>
        <ServerErrorAlert error={err} other={other} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('fields.name')} required {...form.getInputProps('name')} />
          <TextInput label={t('fields.craft')} required {...form.getInputProps('craft')} />
          <AdminUnitPicker
            label={t('fields.admin_unit_code')}
            required
            // The units in force when the village was recognised, else today's.
            validOn={isIsoDate(form.values.recognized_on) ? form.values.recognized_on : todayIso()}
            data-testid="field-admin_unit_code"
            {...form.getInputProps('admin_unit_code')}
          />
          <NumberField label={t('fields.founded_year')} min={1000} max={2100} allowDecimal={false} {...form.getInputProps('founded_year')} />
          <DateField label={t('fields.recognized_on')} {...form.getInputProps('recognized_on')} />
          <TextInput label={t('fields.recognition_decision')} {...form.getInputProps('recognition_decision')} />
          <NumberField label={t('fields.households')} min={0} allowDecimal={false} thousandSeparator="." decimalSeparator="," {...form.getInputProps('households')} />
          <NumberField label={t('fields.craft_households')} min={0} allowDecimal={false} thousandSeparator="." decimalSeparator="," {...form.getInputProps('craft_households')} />
          <NumberField label={t('fields.workers')} min={0} allowDecimal={false} thousandSeparator="." decimalSeparator="," {...form.getInputProps('workers')} />
        </SimpleGrid>
        <Checkbox label={t('fields.is_traditional')} {...form.getInputProps('is_traditional', { type: 'checkbox' })} />
        <Textarea label={t('fields.description')} autosize minRows={3} {...form.getInputProps('description')} />
        <FormFooter onCancel={onCancel} submitting={form.submitting} />
      </Stack>
    </form>
  );
}
