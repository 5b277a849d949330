import { Checkbox, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { EnumSelect } from '@/components/inputs';
import { EnterpriseSelect } from '@/components/pickers';
import { FormFooter } from '@/components/FormFooter';
import { ServerErrorAlert } from '@/components/ServerErrorAlert';
import { ROLES } from '@/lib/domain';
import { useFormSubmit } from '@/lib/useFormSubmit';
import { useSaveUser, type User } from '../api/users';

interface Values {
  username: string;
  full_name: string;
  role: string;
  enterprise_id: string | null;
  password: string;
  is_active: boolean;
}
const FIELDS = ['username', 'full_name', 'role', 'enterprise_id', 'password', 'is_active'] as const;

export function UserForm({ user, onDone }: { user?: User; onDone: () => void }) {
  const { t } = useTranslation();
  const save = useSaveUser(user?.id);
  const form = useForm<Values>({
    initialValues: {
      username: user?.username ?? '',
      full_name: user?.full_name ?? '',
      role: user?.role ?? 'viewer',
      enterprise_id: user?.enterprise_id ?? null,
      password: '',
      is_active: user?.is_active ?? true,
    },
    validate: {
      username: (v) => (v.trim() ? null : t('validation.required')),
      full_name: (v) => (v.trim() ? null : t('validation.required')),
      password: (v) => (!user && v.length < 8 ? t('validation.passwordLength') : null),
      enterprise_id: (v, all) => (all.role === 'enterprise' && !v ? t('validation.enterpriseRequired') : null),
    },
  });
  const { submit, error: err, other } = useFormSubmit(form, FIELDS, async (v) => {
    const enterprise_id = v.role === 'enterprise' ? v.enterprise_id : null;
    if (user) {
      await save.mutateAsync({ full_name: v.full_name, role: v.role as User['role'], enterprise_id, is_active: v.is_active, ...(v.password ? { password: v.password } : {}) });
    } else {
      await save.mutateAsync({ username: v.username.trim(), full_name: v.full_name, role: v.role as User['role'], enterprise_id, password: v.password });
    }
    onDone();
  });
  return (
    <form onSubmit={submit} noValidate data-testid="user-form">
      <Stack>
        <ServerErrorAlert error={err} other={other} />
        <TextInput label={t('fields.username')} required disabled={!!user} {...form.getInputProps('username')} />
        <TextInput label={t('fields.full_name')} required {...form.getInputProps('full_name')} />
        <EnumSelect label={t('fields.role')} ns="role" values={ROLES} allowDeselect={false} {...form.getInputProps('role')} />
        {form.values.role === 'enterprise' && <EnterpriseSelect label={t('fields.enterprise_id')} required {...form.getInputProps('enterprise_id')} />}
        <PasswordInput label={user ? t('users.newPassword') : t('auth.password')} required={!user} autoComplete="new-password" {...form.getInputProps('password')} />
        {user && <Checkbox label={t('fields.is_active')} {...form.getInputProps('is_active', { type: 'checkbox' })} />}
        <FormFooter onCancel={onDone} submitting={form.submitting} />
      </Stack>
    </form>
  );
}
