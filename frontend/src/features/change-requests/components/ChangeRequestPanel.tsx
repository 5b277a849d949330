import { Badge, Button, Card, Group, Modal, SegmentedControl, Select, Stack, Text, Textarea, TextInput, Timeline, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateField } from '@/components/DateField';
import { FormFooter } from '@/components/FormFooter';
import { MoneyInput } from '@/components/inputs';
import { AdminUnitPicker, EnterpriseSelect } from '@/components/pickers';
import { QueryState } from '@/components/QueryState';
import { ServerErrorAlert } from '@/components/ServerErrorAlert';
import { newIdempotencyKey } from '@/lib/api/client';
import { useAuth } from '@/lib/auth/context';
import { can } from '@/lib/auth/permissions';
import { dateRule } from '@/lib/dates';
import { formatDate, formatDateTime } from '@/lib/format';
import { useFormSubmit } from '@/lib/useFormSubmit';
import { useKpiNames, valueText } from '@/features/projects/routes';
import { useChangeRequests, useDecideChange, useRequestChange, type ChangeKind, type ChangeRequest } from '../api/changeRequests';
import { CHANGE_FIELDS, CHANGE_KINDS, changesOf, sortRequests } from '../lib/kinds';

interface ProjectRef {
  id: string;
  status: string;
  beneficiary_enterprise_id?: string | null;
  fiscal_year: number;
  // the values a change would replace, shown beside the asked ones
  approved_support_vnd?: number | null;
  total_cost_vnd?: number;
  counterpart_vnd?: number;
  start_on?: string | null;
  end_on?: string | null;
  title?: string;
  admin_unit_code?: string | null;
}

const STATUS_COLORS: Record<string, string> = { pending: 'yellow', approved: 'green', rejected: 'red' };
// A change is asked of an approved or running project only.
const OPEN = new Set(['approved', 'in_progress']);

/** The project's change requests with their decisions, and the dialogs to ask for one and to
 * decide it. */
export function ChangeRequestPanel({ project }: { project: ProjectRef }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const q = useChangeRequests(project.id);
  const [asking, setAsking] = useState(false);
  const [deciding, setDeciding] = useState<ChangeRequest | null>(null);
  const mayAsk = OPEN.has(project.status) && can(user, 'change.request', project.beneficiary_enterprise_id ?? null);
  const hasAny = (q.data?.items.length ?? 0) > 0;
  if (!mayAsk && !hasAny) return null;
  return (
    <Card withBorder mt="md" component="section" aria-label={t('changes.history')} data-testid="change-requests">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          {t('changes.history')}
        </Title>
        {mayAsk && (
          <Button size="xs" onClick={() => setAsking(true)} data-testid="change-request-open">
            {t('changes.request')}
          </Button>
        )}
      </Group>
      <QueryState query={q}>
        {(page) =>
          page.items.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('changes.none')}
            </Text>
          ) : (
            <Timeline bulletSize={14} lineWidth={2}>
              {sortRequests(page.items).map((r) => (
                <Timeline.Item key={r.id} data-testid="change-request" data-status={r.status}>
                  <Group gap="xs">
                    <Text fw={600} size="sm">
                      {t(`changes.kindName.${r.kind}`)}
                    </Text>
                    <Badge size="sm" color={STATUS_COLORS[r.status] ?? 'gray'}>
                      {t(`changes.statusName.${r.status}`, { defaultValue: r.status })}
                    </Badge>
                  </Group>
                  <Text size="xs" c="dimmed">
                    {t('changes.requested', { date: formatDateTime(r.requested_at) })}
                  </Text>
                  <ChangeList changes={r.changes} />
                  <Text size="sm">
                    {t('changes.reason')}: {r.reason}
                  </Text>
                  {r.status !== 'pending' && (
                    <Text size="sm" data-testid="change-decision">
                      {t('changes.decided', {
                        result: t(`changes.statusName.${r.status}`),
                        number: r.decision_number ?? '—',
                        date: formatDate(r.decision_date),
                      })}
                      {r.note ? ` – ${r.note}` : ''}
                    </Text>
                  )}
                  {r.status === 'pending' && can(user, 'change.decide') && (
                    <Button size="xs" variant="light" mt={4} onClick={() => setDeciding(r)} data-testid="change-decide-open">
                      {t('changes.decide')}
                    </Button>
                  )}
                </Timeline.Item>
              ))}
            </Timeline>
          )
        }
      </QueryState>
      {asking && <RequestDialog project={project} onClose={() => setAsking(false)} />}
      {deciding && <DecisionDialog project={project} request={deciding} onClose={() => setDeciding(null)} />}
    </Card>
  );
}

/** The asked changes; with `current` (a pending request being decided), each beside the value
 * it would replace. */
function ChangeList({ changes, current }: { changes: Record<string, unknown>; current?: Record<string, unknown> }) {
  const { t } = useTranslation();
  const names = useKpiNames();
  return (
    <Stack gap={0}>
      {Object.entries(changes).map(([k, v]) => (
        <Text size="sm" key={k}>
          {t(`changes.fields.${k}`, { defaultValue: k })}: {valueText(t, k, v, names)}
          {current && current[k] !== undefined && current[k] !== null && ` (${t('changes.now', { value: valueText(t, k, current[k], names) })})`}
        </Text>
      ))}
    </Stack>
  );
}

function RequestDialog({ project, onClose }: { project: ProjectRef; onClose: () => void }) {
  const { t } = useTranslation();
  const request = useRequestChange(project.id);
  const form = useForm<Record<string, unknown> & { kind: ChangeKind; reason: string }>({
    initialValues: { kind: 'budget', reason: '' },
    validate: (v) => {
      const errors: Record<string, string> = {};
      if (!v.reason.trim()) errors.reason = t('validation.required');
      for (const f of CHANGE_FIELDS[v.kind]) {
        const value = v[f.name];
        if (f.required && (value === '' || value === null || value === undefined)) errors[f.name] = t('validation.required');
        if (f.type === 'date') {
          const e = dateRule(t)(value);
          if (e) errors[f.name] = e;
        }
      }
      if (Object.keys(changesOf(v.kind, v)).length === 0) errors.reason ??= t('validation.required');
      return errors;
    },
  });
  const fields = CHANGE_FIELDS[form.values.kind];
  // a 422 names `changes.<field>`: known too, so it lands next to the field, not in the alert
  const known = ['kind', 'reason', ...fields.flatMap((f) => [f.name, `changes.${f.name}`])];
  const { submit, error, other } = useFormSubmit(form, known, async (v) => {
    await request.mutateAsync({ kind: v.kind, reason: v.reason.trim(), changes: changesOf(v.kind, v) });
    onClose();
  });
  // A 422 names `changes.<field>`: show it next to the field.
  const fieldError = (name: string) => form.errors[name] ?? form.errors[`changes.${name}`];
  return (
    <Modal opened onClose={onClose} title={t('changes.requestTitle')} size="lg">
      <form onSubmit={submit} noValidate data-testid="change-request-form">
        <Stack>
          <ServerErrorAlert error={error} other={other} />
          <Select
            label={t('changes.kind')}
            data={CHANGE_KINDS.map((k) => ({ value: k, label: t(`changes.kindName.${k}`) }))}
            allowDeselect={false}
            {...form.getInputProps('kind')}
            data-testid="change-kind"
          />
          {fields.map((f) => {
            const props = { ...form.getInputProps(f.name), error: fieldError(f.name), label: t(`changes.fields.${f.name}`, { defaultValue: t(`fields.${f.name}`) }), required: f.required };
            switch (f.type) {
              case 'money':
                return <MoneyInput key={f.name} {...props} data-testid={`change-${f.name}`} />;
              case 'text':
                return <TextInput key={f.name} {...props} value={(form.values[f.name] as string) ?? ''} />;
              case 'textarea':
                return <Textarea key={f.name} autosize minRows={2} {...props} value={(form.values[f.name] as string) ?? ''} />;
              case 'date':
                return <DateField key={f.name} {...props} value={(form.values[f.name] as string | null) ?? null} />;
              case 'enterprise':
                return <EnterpriseSelect key={f.name} {...props} value={(form.values[f.name] as string | null) ?? null} />;
              case 'admin_unit':
                return <AdminUnitPicker key={f.name} validOn={`${project.fiscal_year}-01-01`} {...props} value={(form.values[f.name] as string | null) ?? null} />;
            }
          })}
          <Textarea label={t('changes.reason')} required autosize minRows={2} {...form.getInputProps('reason')} data-testid="change-reason" />
          <FormFooter onCancel={onClose} submitting={request.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}

function DecisionDialog({ project, request, onClose }: { project: ProjectRef; request: ChangeRequest; onClose: () => void }) {
  const projectId = project.id;
  const { t } = useTranslation();
  const decide = useDecideChange(projectId);
  const [key] = useState(newIdempotencyKey);
  const form = useForm({
    initialValues: { approved: 'yes', decision_number: '', decision_date: null as string | null, note: '' },
    validate: {
      decision_number: (v, all) => (all.approved === 'yes' && !v.trim() ? t('validation.required') : null),
      decision_date: (v, all) => dateRule(t, { required: all.approved === 'yes' })(v),
    },
  });
  const { submit, error, other } = useFormSubmit(form, ['decision_number', 'decision_date', 'note'], async (v) => {
    await decide.mutateAsync({
      id: request.id,
      key,
      body: { approved: v.approved === 'yes', decision_number: v.decision_number.trim() || null, decision_date: v.decision_date || null, note: v.note.trim() || null },
    });
    onClose();
  });
  return (
    <Modal opened onClose={onClose} title={t('changes.decideTitle')}>
      <form onSubmit={submit} noValidate data-testid="change-decision-form">
        <Stack>
          <Text size="sm">
            {t(`changes.kindName.${request.kind}`)} – {request.reason}
          </Text>
          <ChangeList changes={request.changes} current={project as unknown as Record<string, unknown>} />
          <ServerErrorAlert error={error} other={other} />
          <SegmentedControl
            data={[
              { value: 'yes', label: t('changes.approve') },
              { value: 'no', label: t('changes.reject') },
            ]}
            {...form.getInputProps('approved')}
          />
          <TextInput label={t('changes.decisionNumber')} required={form.values.approved === 'yes'} {...form.getInputProps('decision_number')} />
          <DateField label={t('changes.decisionDate')} required={form.values.approved === 'yes'} {...form.getInputProps('decision_date')} />
          <Textarea label={t('changes.note')} autosize minRows={2} {...form.getInputProps('note')} />
          <FormFooter onCancel={onClose} submitting={decide.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}
