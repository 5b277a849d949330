import { Badge, Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable, type Column } from '@/components/DataTable';
import { usePrograms } from '@/features/budget/routes';
import { DateField } from '@/components/DateField';
import { FormFooter } from '@/components/FormFooter';
import { NumberField } from '@/components/NumberField';
import { PageHeader } from '@/components/PageHeader';
import { AdminUnitName, AdminUnitPicker } from '@/components/pickers';
import { RequireAuth } from '@/components/RequireAuth';
import { ServerErrorAlert } from '@/components/ServerErrorAlert';
import { useAuth } from '@/lib/auth/context';
import { can } from '@/lib/auth/permissions';
import { dateRule } from '@/lib/dates';
import { formatDate, todayIso } from '@/lib/format';
import { numberRule } from '@/lib/forms';
import { pagingProps, queryProps } from '@/lib/tableProps';
import { useFormSubmit } from '@/lib/useFormSubmit';
import { useListParams } from '@/lib/useListParams';
import { inForce, usePriorityAreas, useSavePriorityArea, type PriorityArea } from '../api/priorityAreas';

function AreaForm({ area, onDone }: { area?: PriorityArea; onDone: () => void }) {
  const { t } = useTranslation();
  const save = useSavePriorityArea(area?.id);
  const programs = usePrograms();
  const form = useForm({
    initialValues: {
      admin_unit_code: area?.admin_unit_code ?? (null as string | null),
      program_code: area?.program_code ?? '',
      uplift_percent: (area?.uplift_percent ?? 150) as number | string,
      legal_basis: area?.legal_basis ?? '',
      // projects are checked against the marks in force on 1 January of their plan year
      effective_from: area?.effective_from ?? (`${todayIso().slice(0, 4)}-01-01` as string | null),
      effective_to: area?.effective_to ?? (null as string | null),
    },
    validate: {
      admin_unit_code: (v) => (area || v ? null : t('validation.required')),
      uplift_percent: numberRule(t, { min: 100, max: 150, integer: true, required: true }),
      legal_basis: (v) => (v.trim() ? null : t('validation.required')),
      effective_from: dateRule(t, { required: !area }),
      effective_to: (v, all) => dateRule(t)(v) ?? (v && all.effective_from && v < all.effective_from ? t('priorityAreas.endBeforeStart') : null),
    },
  });
  const fields = ['admin_unit_code', 'program_code', 'uplift_percent', 'legal_basis', 'effective_from', 'effective_to'];
  const { submit, error, other } = useFormSubmit(form, fields, async (v) => {
    const common = { uplift_percent: Number(v.uplift_percent), legal_basis: v.legal_basis.trim(), effective_to: v.effective_to || null };
    await save.mutateAsync(
      area
        ? common
        : { ...common, admin_unit_code: v.admin_unit_code ?? '', program_code: v.program_code.trim() || null, effective_from: v.effective_from ?? '' },
    );
    onDone();
  });
  return (
    <form onSubmit={submit} noValidate data-testid="priority-area-form">
      <Stack>
        <ServerErrorAlert error={error} other={other} />
        {area ? (
          <Text size="sm">
            <AdminUnitName code={area.admin_unit_code} /> · {area.program_code ?? t('priorityAreas.everyProgram')} · {t('priorityAreas.from', { date: formatDate(area.effective_from) })}
          </Text>
        ) : (
          <>
            <AdminUnitPicker label={t('fields.admin_unit_code')} required {...form.getInputProps('admin_unit_code')} data-testid="priority-unit" />
            <Select
              label={t('priorityAreas.program')}
              description={t('priorityAreas.programHelp')}
              data={(programs.data?.items ?? []).map((p) => ({ value: p.code, label: `${p.code} – ${p.name}` }))}
              placeholder={t('priorityAreas.everyProgram')}
              clearable
              {...form.getInputProps('program_code')}
              value={form.values.program_code || null}
              onChange={(v) => form.setFieldValue('program_code', v ?? '')}
              data-testid="priority-program"
            />
          </>
        )}
        <NumberField label={t('priorityAreas.uplift')} description={t('priorityAreas.upliftHelp')} required min={100} max={150} allowDecimal={false} suffix=" %" {...form.getInputProps('uplift_percent')} />
        <Textarea label={t('priorityAreas.legalBasis')} required autosize minRows={1} {...form.getInputProps('legal_basis')} />
        <Group grow align="flex-start">
          {!area && <DateField label={t('priorityAreas.effectiveFrom')} required {...form.getInputProps('effective_from')} />}
          <DateField label={t('priorityAreas.effectiveTo')} description={t('priorityAreas.effectiveToHelp')} {...form.getInputProps('effective_to')} />
        </Group>
        <FormFooter onCancel={onDone} submitting={save.isPending} />
      </Stack>
    </form>
  );
}

function PriorityAreas() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const mayEdit = can(user, 'priority.edit');
  const lp = useListParams(['admin_unit_code', 'program_code'] as const);
  const q = usePriorityAreas(lp.query);
  const [editing, setEditing] = useState<PriorityArea | 'new' | null>(null);
  const today = todayIso();
  const cols: Column<PriorityArea>[] = [
    { key: 'unit', header: t('fields.admin_unit_code'), render: (a) => <AdminUnitName code={a.admin_unit_code} /> },
    { key: 'program', header: t('priorityAreas.program'), render: (a) => a.program_code ?? t('priorityAreas.everyProgram') },
    { key: 'uplift', header: t('priorityAreas.uplift'), align: 'right', render: (a) => `${a.uplift_percent} %` },
    { key: 'basis', header: t('priorityAreas.legalBasis'), render: (a) => a.legal_basis },
    {
      key: 'period',
      header: t('priorityAreas.period'),
      render: (a) => (
        <Group gap={6} wrap="nowrap">
          <span>{`${formatDate(a.effective_from)} – ${a.effective_to ? formatDate(a.effective_to) : t('priorityAreas.open')}`}</span>
          {inForce(a, today) && (
            <Badge size="sm" variant="light" color="green">
              {t('priorityAreas.inForce')}
            </Badge>
          )}
        </Group>
      ),
    },
    ...(mayEdit
      ? [
          {
            key: 'edit',
            header: t('common.actions'),
            render: (a: PriorityArea) => (
              <Button size="xs" variant="subtle" onClick={() => setEditing(a)} aria-label={t('priorityAreas.editOf', { code: a.admin_unit_code })}>
                {t('common.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];
  return (
    <Stack data-testid="priority-areas-page">
      <PageHeader
        title={t('priorityAreas.title')}
        actions={
          mayEdit && (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')} data-testid="priority-area-create">
              {t('priorityAreas.create')}
            </Button>
          )
        }
      />
      <Text size="sm" c="dimmed" maw={820}>
        {t('priorityAreas.help')}
      </Text>
      <Group align="flex-end">
        <AdminUnitPicker label={t('fields.admin_unit_code')} value={lp.filters.admin_unit_code || null} onChange={(v) => lp.update({ admin_unit_code: v })} w={260} />
      </Group>
      <DataTable caption={t('priorityAreas.title')} testId="priority-areas-table" columns={cols} {...queryProps(q)} rowKey={(a) => a.id} {...pagingProps(lp, q.data?.total)} />
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing === 'new' ? t('priorityAreas.create') : t('priorityAreas.edit')} size="lg">
        {editing !== null && <AreaForm area={editing === 'new' ? undefined : editing} onDone={() => setEditing(null)} />}
      </Modal>
    </Stack>
  );
}

export function PriorityAreasPage() {
  return (
    <RequireAuth action="priority.view">
      <PriorityAreas />
    </RequireAuth>
  );
}
