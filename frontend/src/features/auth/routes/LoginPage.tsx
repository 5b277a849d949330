import { Alert, Button, Center, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { LanguageSwitch } from '@/components/LanguageSwitch';
import { isApiError } from '@/lib/api/problem';
import { useAuth } from '@/lib/auth/context';

export function LoginPage() {
  const { t } = useTranslation();
  const { login, status } = useAuth();
  const navigate = useNavigate();
  const [sp] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({
    initialValues: { username: '', password: '' },
    validate: {
      username: (v) => (v.trim() ? null : t('validation.required')),
      password: (v) => (v ? null : t('validation.required')),
    },
  });
  const next = sp.get('next');
  const target = next && next.startsWith('/') && !next.startsWith('//') ? next : '/';

  if (status === 'authenticated') return <Navigate to={target} replace />;

  const submit = form.onSubmit(async ({ username, password }) => {
    setBusy(true);
    setError(null);
    try {
      await login(username.trim(), password);
      navigate(target, { replace: true });
    } catch (e) {
      setError(
        isApiError(e) && (e.status === 400 || e.status === 401)
          ? t('auth.invalidCredentials')
          : isApiError(e)
            ? (e.problem.detail ?? t('errors.generic'))
            : t('errors.network'),
      );
    } finally {
      setBusy(false);
    }
  });

  return (
    <Center mih="100vh" bg="gray.1" p="md">
      <main>
        <Paper withBorder shadow="sm" p="xl" w={380} maw="100%">
          <form onSubmit={submit} noValidate data-testid="login-form">
            <Stack>
              <Group justify="space-between" align="flex-start">
                <div>
                  <Title order={1} size="h3">
                    {t('app.title')}
                  </Title>
                  <Text size="sm" c="dimmed">
                    {t('auth.subtitle')}
                  </Text>
                </div>
                <LanguageSwitch />
              </Group>
              {error && (
                <Alert color="red" role="alert" data-testid="login-error">
                  {error}
                </Alert>
              )}
              <TextInput label={t('auth.username')} autoComplete="username" required {...form.getInputProps('username')} />
              <PasswordInput label={t('auth.password')} autoComplete="current-password" required {...form.getInputProps('password')} />
              <Button type="submit" loading={busy} fullWidth>
                {t('auth.login')}
              </Button>
            </Stack>
          </form>
        </Paper>
      </main>
    </Center>
  );
}
