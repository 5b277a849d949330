import { Badge, Button, Group, Modal, Stack } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EnumSelect } from '@/components/inputs';
import { DataTable, type Column } from '@/components/DataTable';
import { PageHeader } from '@/components/PageHeader';
import { RequireAuth } from '@/components/RequireAuth';
import { ROLES } from '@/lib/domain';
import { formatDateTime } from '@/lib/format';
import { useListParams } from '@/lib/useListParams';
import { useUsers, type User } from '../api/users';
import { UserForm } from '../components/UserForm';
import { pagingProps, queryProps } from '@/lib/tableProps';
import { SearchInput } from '@/components/SearchInput';

function Users() {
  const { t } = useTranslation();
  const lp = useListParams(['q', 'role'] as const);
  const q = useUsers(lp.query);
  const [editing, setEditing] = useState<User | 'new' | null>(null);
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
        <SearchInput value={lp.filters.q} onSearch={(q) => lp.update({ q })} w={240} />
        <EnumSelect label={t('fields.role')} ns="role" values={ROLES} clearable value={lp.filters.role || null} onChange={(v) => lp.update({ role: v })} w={220} />
      </Group>
      <DataTable caption={t('users.title')} testId="users-table" columns={cols} {...queryProps(q)} rowKey={(u) => u.id} {...pagingProps(lp, q.data?.total)} />
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
