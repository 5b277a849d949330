import { Badge, Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EnumSelect } from '@/components/bits';
import { DataTable, type Column } from '@/components/DataTable';
import { PageHeader } from '@/components/PageHeader';
import { RequireAuth } from '@/components/RequireAuth';
import { ROLES } from '@/lib/domain';
import { formatDateTime } from '@/lib/format';
import { useListParams } from '@/lib/useListParams';
import { useUsers, type User } from '../api/users';
import { UserForm } from '../components/UserForm';

function Users() {
  const { t } = useTranslation();
  const lp = useListParams(['q', 'role'] as const);
  const q = useUsers(lp.query);
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [search, setSearch] = useState(lp.filters.q);
  const push = useDebouncedCallback((v: string) => lp.update({ q: v }), 300);
  const cols: Column<User>[] = [
    { key: 'username', header: t('fields.username'), render: (u) => u.username },
    { key: 'full_name', header: t('fields.full_name'), render: (u) => u.full_name },
    { key: 'role', header: t('fields.role'), render: (u) => t(`enum.role.${u.role}`, { defaultValue: u.role }) },
    { key: 'active', header: t('fields.is_active'), render: (u) => <Badge color={u.is_active ? 'green' : 'gray'} variant="light">{u.is_active ? t('common.yes') : t('common.no')}</Badge> },
    { key: 'created', header: t('fields.created_at'), render: (u) => formatDateTime(u.created_at) },
    { key: 'edit', header: t('common.actions'), render: (u) => <Button size="xs" variant="subtle" onClick={() => setEditing(u)} aria-label={`${t('common.edit')} ${u.username}`}>{t('common.edit')}</Button> },
  ];
  return (
    <Stack data-testid="users-page">
      <PageHeader title={t('users.title')} actions={<Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')} data-testid="user-create">{t('users.create')}</Button>} />
      <Group align="flex-end">
        <TextInput label={t('common.search')} leftSection={<IconSearch size={16} aria-hidden />} value={search} onChange={(e) => { setSearch(e.currentTarget.value); push(e.currentTarget.value); }} w={240} />
        <EnumSelect label={t('fields.role')} ns="role" values={ROLES} clearable value={lp.filters.role || null} onChange={(v) => lp.update({ role: v })} w={220} />
      </Group>
      <DataTable caption={t('users.title')} testId="users-table" columns={cols} rows={q.data?.items} rowKey={(u) => u.id} loading={q.isPending} error={q.isError ? q.error : null} onRetry={() => void q.refetch()} page={lp.page} pageSize={lp.pageSize} total={q.data?.total} onPage={(p) => lp.update({ page: p }, false)} onPageSize={(s) => lp.update({ page_size: s })} />
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing === 'new' ? t('users.create') : t('users.edit')}>
        {editing !== null && <UserForm user={editing === 'new' ? undefined : editing} onDone={() => setEditing(null)} />}
      </Modal>
    </Stack>
  );
}

export function UsersPage() {
  return (
    <RequireAuth action="admin.users">
      <Users />
    </RequireAuth>
  );
}
