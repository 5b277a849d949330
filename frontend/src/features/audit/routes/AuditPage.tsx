import { Code, Group, Stack, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable, type Column } from '@/components/DataTable';
import { PageHeader } from '@/components/PageHeader';
import { RequireAuth } from '@/components/RequireAuth';
import { formatDateTime } from '@/lib/format';
import { useListParams } from '@/lib/useListParams';
import { useAuditEvents, type AuditEvent } from '../api/audit';

function Audit() {
  const { t } = useTranslation();
  const lp = useListParams(['actor', 'action', 'object_type', 'object_id'] as const, { sort: '-occurred_at', pageSize: 50 });
  const q = useAuditEvents(lp.query);
  const [draft, setDraft] = useState(lp.filters);
  const push = useDebouncedCallback((k: string, v: string) => lp.update({ [k]: v }), 300);
  const cols: Column<AuditEvent>[] = [
    { key: 'at', header: t('fields.occurred_at'), sortKey: 'occurred_at', render: (e) => formatDateTime(e.occurred_at) },
    { key: 'actor', header: t('fields.actor'), render: (e) => e.actor_username ?? e.actor_id ?? '—' },
    { key: 'action', header: t('fields.action'), render: (e) => e.action },
    { key: 'obj', header: t('fields.object'), render: (e) => `${e.object_type}${e.object_id ? ` ${e.object_id}` : ''}` },
    { key: 'svc', header: t('fields.service'), render: (e) => e.service },
    { key: 'details', header: t('fields.details'), render: (e) => (e.details && Object.keys(e.details).length ? <Code fz="xs">{JSON.stringify(e.details)}</Code> : '—') },
  ];
  const filter = (k: keyof typeof draft, label: string) => (
    <TextInput
      label={label}
      value={draft[k]}
      onChange={(e) => {
        const v = e.currentTarget.value;
        setDraft((d) => ({ ...d, [k]: v }));
        push(k, v);
      }}
      w={180}
    />
  );
  return (
    <Stack data-testid="audit-page">
      <PageHeader title={t('audit.title')} />
      <Group align="flex-end">
        {filter('actor', t('fields.actor'))}
        {filter('action', t('fields.action'))}
        {filter('object_type', t('fields.object_type'))}
        {filter('object_id', t('fields.object_id'))}
      </Group>
      <DataTable caption={t('audit.title')} testId="audit-table" columns={cols} rows={q.data?.items} rowKey={(e) => e.id} loading={q.isPending} error={q.isError ? q.error : null} onRetry={() => void q.refetch()} sort={lp.sort} onSort={(s) => lp.update({ sort: s })} page={lp.page} pageSize={lp.pageSize} total={q.data?.total} onPage={(p) => lp.update({ page: p }, false)} onPageSize={(s) => lp.update({ page_size: s })} />
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
