import { Alert, Checkbox, Group, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { EnumSelect } from '@/components/inputs';
import { DateField } from '@/components/DateField';
import { NumberField } from '@/components/NumberField';
import { AdminUnitPicker, CraftVillageSelect, SectorSelect } from '@/components/pickers';
import { FormFooter } from '@/components/FormFooter';
import { ServerErrorAlert } from '@/components/ServerErrorAlert';
import { ENTERPRISE_KINDS, ENTERPRISE_SIZES, ENTERPRISE_STATUSES, GENDERS } from '@/lib/domain';
import { dateRule, isIsoDate } from '@/lib/dates';
import { todayIso } from '@/lib/format';
import { changed, nullIfEmpty, numberRule } from '@/lib/forms';
import { useFormSubmit } from '@/lib/useFormSubmit';
import type { Enterprise, EnterpriseCreate } from '../api/enterprises';
import { isValidTaxCode } from './taxCode';

export interface EnterpriseFormValues {
  tax_code: string;
  name: string;
  kind: string;
  size: string;
  sector_code: string;
  admin_unit_code: string;
  address: string;
  established_on: string | null;
  employees: number | string;
  is_rural_industrial: boolean;
  craft_village_id: string | null;
  owner_gender: string | null;
  owner_ethnic_minority: boolean;
  phone: string;
  email: string;
  status: string;
}

/** What an enterprise user may change on its own record; the rest the Center verifies. */
export const CONTACT_FIELDS: ReadonlySet<string> = new Set(['phone', 'email', 'address']);

const FIELDS = [
  'tax_code',
  'name',
  'kind',
  'size',
  'sector_code',
  'admin_unit_code',
  'address',
  'established_on',
  'employees',
  'is_rural_industrial',
  'craft_village_id',
  'owner_gender',
  'owner_ethnic_minority',
  'phone',
  'email',
  'status',
] as const;

export function toFormValues(e?: Enterprise): EnterpriseFormValues {
  return {
    tax_code: e?.tax_code ?? '',
    name: e?.name ?? '',
    kind: e?.kind ?? 'enterprise',
    size: e?.size ?? 'small',
    sector_code: e?.sector_code ?? '',
    admin_unit_code: e?.admin_unit_code ?? '',
    address: e?.address ?? '',
    established_on: e?.established_on ?? null,
    employees: e?.employees ?? '',
    is_rural_industrial: e?.is_rural_industrial ?? true,
    craft_village_id: e?.craft_village_id ?? null,
    owner_gender: e?.owner_gender ?? null,
    owner_ethnic_minority: e?.owner_ethnic_minority ?? false,
    phone: e?.phone ?? '',
    email: e?.email ?? '',
    status: e?.status ?? 'active',
  };
}

export function toPayload(v: EnterpriseFormValues): EnterpriseCreate {
  return {
    tax_code: v.tax_code.trim(),
    name: v.name.trim(),
    kind: v.kind as EnterpriseCreate['kind'],
    size: v.size as EnterpriseCreate['size'],
    sector_code: v.sector_code || null,
    admin_unit_code: v.admin_unit_code,
    address: nullIfEmpty(v.address.trim()),
    established_on: v.established_on || null,
    employees: v.employees === '' ? null : Number(v.employees),
    is_rural_industrial: v.is_rural_industrial,
    craft_village_id: v.craft_village_id || null,
    owner_gender: (v.owner_gender || null) as EnterpriseCreate['owner_gender'],
    owner_ethnic_minority: v.owner_ethnic_minority,
    phone: nullIfEmpty(v.phone.trim()),
    email: nullIfEmpty(v.email.trim()),
    status: v.status as EnterpriseCreate['status'],
  };
}

interface Props {
  initial?: Enterprise;
  onSubmit: (payload: Partial<EnterpriseCreate>) => Promise<unknown>;
  onCancel?: () => void;
  /** An enterprise user edits its own record but not its status. */
  canEditStatus?: boolean;
  /** An enterprise user: only the contact details are editable, the verified facts read-only. */
  contactOnly?: boolean;
}

export function EnterpriseForm({ initial, onSubmit, onCancel, canEditStatus = true, contactOnly = false }: Props) {
  const { t } = useTranslation();
  const req = (v: unknown) => (v === '' || v === null || v === undefined ? t('validation.required') : null);
  const form = useForm<EnterpriseFormValues>({
    initialValues: toFormValues(initial),
    // Verified facts are shown but not editable for an enterprise user (the API refuses them).
    enhanceGetInputProps: ({ field }) =>
      contactOnly && !CONTACT_FIELDS.has(String(field)) ? { disabled: true, title: t('bizdates.verifiedByCenter') } : {},
    validate: {
      tax_code: (v) => req(v) ?? (isValidTaxCode(v, true) ? null : t('validation.taxCode')),
      name: req,
      kind: req,
      size: req,
      sector_code: (v) => (!v || /^([A-U]|\d{2,5})$/.test(v) ? null : t('validation.sectorCode')),
      admin_unit_code: req,
      email: (v) => (!v || /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v) ? null : t('validation.email')),
      established_on: dateRule(t),
      employees: numberRule(t, { min: 0, integer: true }),
    },
  });

  const { submit, error: serverError, other } = useFormSubmit(form, FIELDS, async (values) => {
    const payload = toPayload(values);
    await onSubmit(initial ? changed(toPayload(toFormValues(initial)), payload) : payload);
  });

  return (
    <form onSubmit={submit} noValidate data-testid="enterprise-form">
      <Stack>
        <ServerErrorAlert error={serverError} other={other} />
        {contactOnly && (
          <Alert color="blue" data-testid="enterprise-contact-only">
            {t('bizdates.contactOnly')}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('fields.tax_code')} required data-testid="field-tax_code" {...form.getInputProps('tax_code')} />
          <TextInput label={t('fields.name')} required data-testid="field-name" {...form.getInputProps('name')} />
          <EnumSelect label={t('fields.kind')} ns="enterpriseKind" values={ENTERPRISE_KINDS} required allowDeselect={false} {...form.getInputProps('kind')} />
          <EnumSelect label={t('fields.size')} ns="enterpriseSize" values={ENTERPRISE_SIZES} required allowDeselect={false} {...form.getInputProps('size')} />
          <SectorSelect label={t('fields.sector_code')} data-testid="field-sector_code" {...form.getInputProps('sector_code')} />
          <AdminUnitPicker
            label={t('fields.admin_unit_code')}
            required
            // An undated record is read as of today, as the registry does.
            validOn={isIsoDate(form.values.established_on) ? form.values.established_on : todayIso()}
            data-testid="field-admin_unit_code"
            {...form.getInputProps('admin_unit_code')}
          />
          <TextInput label={t('fields.address')} {...form.getInputProps('address')} />
          <DateField label={t('fields.established_on')} data-testid="field-established_on" {...form.getInputProps('established_on')} />
          <NumberField label={t('fields.employees')} min={0} allowDecimal={false} thousandSeparator="." decimalSeparator="," {...form.getInputProps('employees')} />
          <CraftVillageSelect label={t('fields.craft_village_id')} {...form.getInputProps('craft_village_id')} />
          <EnumSelect label={t('fields.owner_gender')} ns="gender" values={GENDERS} clearable {...form.getInputProps('owner_gender')} />
          {canEditStatus && (
            <EnumSelect label={t('fields.status')} ns="enterpriseStatus" values={ENTERPRISE_STATUSES} allowDeselect={false} {...form.getInputProps('status')} />
          )}
          <TextInput label={t('fields.phone')} type="tel" {...form.getInputProps('phone')} />
          <TextInput label={t('fields.email')} type="email" {...form.getInputProps('email')} />
        </SimpleGrid>
        <Group>
          <Checkbox label={t('fields.is_rural_industrial')} {...form.getInputProps('is_rural_industrial', { type: 'checkbox' })} />
          <Checkbox label={t('fields.owner_ethnic_minority')} {...form.getInputProps('owner_ethnic_minority', { type: 'checkbox' })} />
        </Group>
        <FormFooter onCancel={onCancel} submitting={form.submitting} />
      </Stack>
    </form>
  );
}
