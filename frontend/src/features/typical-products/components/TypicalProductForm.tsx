import { SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { EnumSelect } from '@/components/inputs';
import { DateField } from '@/components/DateField';
import { NumberField } from '@/components/NumberField';
import { EnterpriseSelect } from '@/components/pickers';
import { FormFooter } from '@/components/FormFooter';
import { ServerErrorAlert } from '@/components/ServerErrorAlert';
import { PRODUCT_GROUPS, PRODUCT_TIERS } from '@/lib/domain';
import { dateRule } from '@/lib/dates';
import { changed, numberRule } from '@/lib/forms';
import { useFormSubmit } from '@/lib/useFormSubmit';
import type { TypicalProduct, TypicalProductCreate } from '../api/typicalProducts';

interface Values {
  name: string;
  enterprise_id: string | null;
  group: string;
  tier: string;
  recognized_year: number | string;
  score: number | string;
  certificate_number: string;
  valid_until: string | null;
}
const FIELDS = ['name', 'enterprise_id', 'group', 'tier', 'recognized_year', 'score', 'certificate_number', 'valid_until'] as const;
const toValues = (p?: TypicalProduct): Values => ({
  name: p?.name ?? '',
  enterprise_id: p?.enterprise_id ?? null,
  group: p?.group ?? 'handicraft',
  tier: p?.tier ?? 'provincial',
  recognized_year: p?.recognized_year ?? new Date().getFullYear(),
  score: p?.score ?? '',
  certificate_number: p?.certificate_number ?? '',
  valid_until: p?.valid_until ?? null,
});
const toPayload = (v: Values): TypicalProductCreate => ({
  name: v.name.trim(),
  enterprise_id: v.enterprise_id ?? '',
  group: v.group as TypicalProductCreate['group'],
  tier: v.tier as TypicalProductCreate['tier'],
  recognized_year: Number(v.recognized_year),
  score: Number(v.score),
  certificate_number: v.certificate_number.trim() || null,
  valid_until: v.valid_until || null,
});

export function TypicalProductForm({ initial, onSubmit, onCancel }: { initial?: TypicalProduct; onSubmit: (b: Partial<TypicalProductCreate>) => Promise<unknown>; onCancel?: () => void }) {
  const { t } = useTranslation();
  const form = useForm<Values>({
    initialValues: toValues(initial),
    validate: {
      name: (v) => (v.trim() ? null : t('validation.required')),
      recognized_year: numberRule(t, { min: 2000, max: 2100, integer: true, required: true }),
      enterprise_id: (v) => (v ? null : t('validation.required')),
      score: numberRule(t, { min: 0, max: 100, required: true }),
      valid_until: dateRule(t),
    },
  });
  const { submit, error: err, other } = useFormSubmit(form, FIELDS, async (v) => {
    await onSubmit(initial ? changed(toPayload(toValues(initial)), toPayload(v)) : toPayload(v));
  });
  return (
    <form onSubmit={submit} noValidate data-testid="typical-product-form">
      <Stack>
        <ServerErrorAlert error={err} other={other} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('fields.name')} required {...form.getInputProps('name')} />
          <EnterpriseSelect label={t('fields.enterprise_id')} required {...form.getInputProps('enterprise_id')} />
          <EnumSelect label={t('fields.group')} ns="productGroup" values={PRODUCT_GROUPS} allowDeselect={false} required {...form.getInputProps('group')} />
          <EnumSelect label={t('fields.tier')} ns="productTier" values={PRODUCT_TIERS} allowDeselect={false} required {...form.getInputProps('tier')} />
          <NumberField label={t('fields.recognized_year')} min={2000} max={2100} allowDecimal={false} required {...form.getInputProps('recognized_year')} />
          <NumberField label={t('terms.productScore')} min={0} max={100} decimalScale={2} decimalSeparator="," required {...form.getInputProps('score')} />
          <TextInput label={t('fields.certificate_number')} {...form.getInputProps('certificate_number')} />
          <DateField label={t('fields.valid_until')} {...form.getInputProps('valid_until')} />
        </SimpleGrid>
        <FormFooter onCancel={onCancel} submitting={form.submitting} />
      </Stack>
    </form>
  );
}
