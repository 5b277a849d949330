import { Badge, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable, type Column } from '@/components/DataTable';
import { ExportMenu } from '@/components/ExportMenu';
import { PageHeader } from '@/components/PageHeader';
import { RequireAuth } from '@/components/RequireAuth';
import { formatDateTime } from '@/lib/format';
import { useListParams } from '@/lib/useListParams';
import { useAuditEvents, type AuditEvent } from '../api/audit';
import { pagingProps, queryProps } from '@/lib/tableProps';

// The gateway records sign-ins, token events and every write request (no free-text search; the
// filters are exact, `path` is a prefix).
const KINDS = [
  'request.write',
  'auth.login_succeeded',
  'auth.login_failed',
  'auth.login_rate_limited',
  'auth.lockout',
  'auth.refresh',
  'auth.refresh_failed',
  'auth.refresh_reuse',
  'auth.logout',
  'auth.client_credentials',
  'auth.client_credentials_failed',
] as const;
const METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;

function statusColor(s: number | null): string {
  if (s === null) return 'gray';
  if (s >= 500) return 'red';
  if (s >= 400) return 'orange';
  return 'green';
}

function Audit() {
  const { t } = useTranslation();
  const lp = useListParams(['kind', 'username', 'method', 'status', 'path'] as const, { pageSize: 50 });
  const q = useAuditEvents(lp.query);
  const [draft, setDraft] = useState(lp.filters);
  const push = useDebouncedCallback((k: string, v: string) => lp.update({ [k]: v }), 300);
  const cols: Column<AuditEvent>[] = [
    { key: 'at', header: t('audit.at'), render: (e) => formatDateTime(e.at) },
    {
      key: 'user',
      header: t('audit.user'),
      render: (e) => (
        <>
          <Text size="sm">{e.username ?? '—'}</Text>
          {e.role && (
            <Text size="xs" c="dimmed">
              {t(`enum.role.${e.role}`, { defaultValue: e.role })}
            </Text>
          )}
        </>
      ),
    },
    { key: 'kind', header: t('audit.kind'), render: (e) => t(`audit.kinds.${e.kind}`, { defaultValue: e.kind }) },
    {
      key: 'request',
      header: t('audit.request'),
      render: (e) =>
        e.method || e.path ? (
          <Text size="sm" ff="monospace">
            {e.method} {e.path}
          </Text>
        ) : (
          '—'
        ),
    },
    {
      key: 'status',
      header: t('audit.status'),
      render: (e) =>
        e.status === null ? (
          '—'
        ) : (
          <Badge variant="light" color={statusColor(e.status)}>
            {e.status}
          </Badge>
        ),
    },
    { key: 'ip', header: t('audit.ip'), render: (e) => e.ip ?? '—' },
    { key: 'detail', header: t('audit.detail'), render: (e) => e.detail ?? '—' },
  ];
  const text = (k: 'username' | 'path' | 'status', label: string, w = 180) => (
    <TextInput
      label={label}
      value={draft[k]}
      onChange={(e) => {
        const v = e.currentTarget.value;
        setDraft((d) => ({ ...d, [k]: v }));
        push(k, v);
      }}
      w={w}
    />
  );
  return (
    <Stack data-testid="audit-page">
      <PageHeader title={t('audit.title')} actions={<ExportMenu path="/audit-events/export" params={lp.filters} name="nhat-ky-he-thong" />} />
      <Group align="flex-end">
        <Select
          label={t('audit.kind')}
          clearable
          w={260}
          data={KINDS.map((k) => ({ value: k, label: t(`audit.kinds.${k}`) }))}
          value={lp.filters.kind || null}
          onChange={(v) => lp.update({ kind: v })}
        />
        {text('username', t('audit.user'))}
        <Select label={t('audit.method')} clearable w={120} data={[...METHODS]} value={lp.filters.method || null} onChange={(v) => lp.update({ method: v })} />
        {text('status', t('audit.status'), 100)}
        {text('path', t('audit.path'), 260)}
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
