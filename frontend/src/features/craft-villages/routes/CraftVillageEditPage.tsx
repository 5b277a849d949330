import { Card, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { PageHeader } from '@/components/PageHeader';
import { QueryState } from '@/components/QueryState';
import { useCraftVillage, useSaveCraftVillage } from '../api/craftVillages';
import { CraftVillageForm } from '../components/CraftVillageForm';

export function CraftVillageCreatePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const save = useSaveCraftVillage();
  return (
    <Stack>
      <PageHeader title={t('craftVillages.create')} />
      <Card withBorder>
        <CraftVillageForm
          onCancel={() => navigate(-1)}
          onSubmit={async (b) => {
            const c = await save.mutateAsync(b);
            notifications.show({ color: 'green', message: t('common.saved') });
            navigate(`/craft-villages/${c.id}`);
          }}
        />
      </Card>
    </Stack>
  );
}

export function CraftVillageEditPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const q = useCraftVillage(id);
  const save = useSaveCraftVillage(id);
  return (
    <QueryState query={q}>
      {(c) => (
        <Stack>
          <PageHeader title={t('craftVillages.editTitle', { name: c.name })} />
          <Card withBorder>
            <CraftVillageForm
              initial={c}
              onCancel={() => navigate(-1)}
              onSubmit={async (b) => {
                await save.mutateAsync(b);
                notifications.show({ color: 'green', message: t('common.saved') });
                navigate(`/craft-villages/${id}`);
              }}
            />
          </Card>
        </Stack>
      )}
    </QueryState>
  );
}
