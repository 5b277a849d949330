import { Card, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { PageHeader } from '@/components/PageHeader';
import { QueryState } from '@/components/QueryState';
import { useAuth } from '@/lib/auth/context';
import { useEnterprise, useSaveEnterprise } from '../api/enterprises';
import { EnterpriseForm } from '../components/EnterpriseForm';

export function EnterpriseCreatePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const save = useSaveEnterprise();
  return (
    <Stack>
      <PageHeader title={t('enterprises.create')} />
      <Card withBorder>
        <EnterpriseForm
          onCancel={() => navigate(-1)}
          onSubmit={async (body) => {
            const e = await save.mutateAsync(body);
            notifications.show({ color: 'green', message: t('common.saved') });
            navigate(`/enterprises/${e.id}`);
          }}
        />
      </Card>
    </Stack>
  );
}

export function EnterpriseEditPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { user } = useAuth();
  const q = useEnterprise(id);
  const save = useSaveEnterprise(id);
  return (
    <QueryState query={q}>
      {(e) => (
        <Stack>
          <PageHeader title={t('enterprises.editTitle', { name: e.name })} />
          <Card withBorder>
            <EnterpriseForm
              initial={e}
              canEditStatus={user?.role !== 'enterprise'}
              contactOnly={user?.role === 'enterprise'}
              onCancel={() => navigate(-1)}
              onSubmit={async (body) => {
                await save.mutateAsync(body);
                notifications.show({ color: 'green', message: t('common.saved') });
                navigate(`/enterprises/${id}`);
              }}
            />
          </Card>
        </Stack>
      )}
    </QueryState>
  );
}
