import { Anchor, Badge, Button, Code, Collapse, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedCallback, useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DataTable, type Column } from '@/components/DataTable';
import { ExportMenu } from '@/components/ExportMenu';
import { PageHeader } from '@/components/PageHeader';
import { RequireAuth } from '@/components/RequireAuth';
import { DateField } from '@/components/DateField';
import { CraftVillageLink, EnterpriseLink } from '@/components/pickers';
import { isIsoDate } from '@/lib/dates';
import { formatDateTime } from '@/lib/format';
import { foldFilter } from '@/lib/text';
import { pagingProps, queryProps } from '@/lib/tableProps';
import { useListParams } from '@/lib/useListParams';
import { useAuditEvents, useAuditPeople, useProjectLabel, type AuditEvent, type RecordType } from '../api/audit';
import { actionPhrase, failed, recordHref, recordTypeLabel } from '../lib/describe';

// The gateway records sign-ins, token events and every write request; it names each one's action
// and record (server side), so the page reads "who did what to which record".
const RECORD_TYPES: RecordType[] = [
  'project',
  'enterprise',
  'craft_village',
  'typical_product',
  'budget_year',
  'commitment',
  'disbursement',
  'program',
  'plan',
  'user',
  'integration_client',
  'report',
  'document',
];

function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}

function ProjectName({ id }: { id: string }) {
  const q = useProjectLabel(id);
  return <>{q.data ?? shortId(id)}</>;
}

function RecordCell({ e }: { e: AuditEvent }) {
  const { t } = useTranslation();
  if (!e.record_type) return <>—</>;
  const type = recordTypeLabel(t, e.record_type);
  const id = e.record_id;
  let name: React.ReactNode = id ? shortId(id) : null;
  if (id && e.record_type === 'enterprise') name = <EnterpriseLink id={id} />;
  else if (id && e.record_type === 'craft_village') name = <CraftVillageLink id={id} />;
  else if (id && e.record_type === 'project') name = <ProjectName id={id} />;
  const href = recordHref(e);
  const linked = e.record_type === 'enterprise' || e.record_type === 'craft_village';
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {type}
      </Text>
      {name === null ? null : linked || !href ? (
        <Text size="sm">{name}</Text>
      ) : (
        <Anchor component={Link} to={href} size="sm" data-testid="audit-record-link">
          {name}
        </Anchor>
      )}
    </Stack>
  );
}

function Details({ e }: { e: AuditEvent }) {
  const { t } = useTranslation();
  const [open, { toggle }] = useDisclosure(false);
  const lines = [
    e.method || e.path ? `${e.method ?? ''} ${e.path ?? ''}`.trim() : null,
    e.status !== null ? `HTTP ${e.status}` : null,
    `${t('audit.kind')}: ${e.kind}`,
    e.role ? `${t('users.role', { defaultValue: 'role' })}: ${e.role}` : null,
    e.ip ? `IP: ${e.ip}` : null,
    e.request_id ? `request_id: ${e.request_id}` : null,
    e.detail ? `${t('audit.detail')}: ${e.detail}` : null,
  ].filter(Boolean);
  return (
    <Stack gap={4}>
      <Button variant="subtle" size="compact-xs" onClick={toggle} aria-expanded={open}>
        {open ? t('auditLog.hideDetails') : t('auditLog.showDetails')}
      </Button>
      <Collapse expanded={open}>
        <Code block>{lines.join('\n')}</Code>
      </Collapse>
    </Stack>
  );
}

function Audit() {
  const { t } = useTranslation();
  const lp = useListParams(['actor', 'record_type', 'record_id', 'from', 'to'] as const, { pageSize: 50 });
  const q = useAuditEvents(lp.query);
  const people = useAuditPeople();
  const [recordId, setRecordId] = useState(lp.filters.record_id);
  const pushRecordId = useDebouncedCallback((v: string) => lp.update({ record_id: v.trim() }), 300);
  const fullName = new Map((people.data?.items ?? []).map((u) => [u.username.toLowerCase(), u.full_name]));
  const cols: Column<AuditEvent>[] = [
    { key: 'at', header: t('auditLog.at'), render: (e) => formatDateTime(e.at) },
    {
      key: 'actor',
      header: t('auditLog.actor'),
      render: (e) => (
        <>
          <Text size="sm">{(e.username && fullName.get(e.username.toLowerCase())) || e.username || t('auditLog.system')}</Text>
          {e.username && (
            <Text size="xs" c="dimmed">
              {e.username}
              {e.role ? ` · ${t(`enum.role.${e.role}`, { defaultValue: e.role })}` : ''}
            </Text>
          )}
        </>
      ),
    },
    {
      key: 'action',
      header: t('auditLog.action'),
      render: (e) => (
        <Stack gap={2} align="flex-start">
          <Text size="sm" data-testid="audit-action">
            {actionPhrase(t, e)}
          </Text>
          {failed(e) && e.kind === 'request.write' && (
            <Badge variant="light" color="orange" size="sm">
              {t('auditLog.failed', { status: e.status })}
            </Badge>
          )}
        </Stack>
      ),
    },
    { key: 'record', header: t('auditLog.record'), render: (e) => <RecordCell e={e} /> },
    { key: 'details', header: t('auditLog.details'), render: (e) => <Details e={e} /> },
  ];
  return (
    <Stack data-testid="audit-page">
      <PageHeader title={t('audit.title')} actions={<ExportMenu path="/audit-events/export" params={lp.filters} name="nhat-ky-he-thong" />} />
      <Group align="flex-end">
        <Select
          label={t('auditLog.actor')}
          placeholder={t('auditLog.anyone')}
          searchable
          clearable
          w={260}
          data-testid="audit-filter-actor"
          filter={({ options, search }) => foldFilter({ options: options as Array<{ value: string; label: string }>, search })}
          data={(people.data?.items ?? []).map((u) => ({ value: u.username, label: `${u.full_name} (${u.username})` }))}
          value={lp.filters.actor || null}
          onChange={(v) => lp.update({ actor: v })}
        />
        <Select
          label={t('auditLog.recordType')}
          clearable
          w={220}
          data={RECORD_TYPES.map((k) => ({ value: k, label: recordTypeLabel(t, k) }))}
          value={lp.filters.record_type || null}
          onChange={(v) => lp.update({ record_type: v })}
        />
        <TextInput
          label={t('auditLog.recordId')}
          w={200}
          value={recordId}
          onChange={(ev) => {
            const v = ev.currentTarget.value;
            setRecordId(v);
            pushRecordId(v);
          }}
        />
        <DateField
          label={t('auditLog.dateFrom')}
          w={170}
          value={lp.filters.from || null}
          onChange={(v) => {
            // Only a date that reads as one filters; a half-typed text waits.
            if (v === null || isIsoDate(v)) lp.update({ from: v });
          }}
        />
        <DateField
          label={t('auditLog.dateTo')}
          w={170}
          value={lp.filters.to || null}
          onChange={(v) => {
            if (v === null || isIsoDate(v)) lp.update({ to: v });
          }}
        />
      </Group>
      <DataTable
        caption={t('audit.title')}
        testId="audit-table"
        columns={cols}
        {...queryProps(q)}
        rowKey={(e) => e.id}
        {...pagingProps(lp, q.data?.total)}
      />
    </Stack>
  );
}

export function AuditPage() {
  return (
    <RequireAuth action="admin.audit">
      <Audit />
    </RequireAuth>
  );
}
