import { Card, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { PageHeader } from '@/components/PageHeader';
import { QueryState } from '@/components/QueryState';
import { useTypicalProduct, useSaveTypicalProduct } from '../api/typicalProducts';
import { TypicalProductForm } from '../components/TypicalProductForm';

export function TypicalProductCreatePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const save = useSaveTypicalProduct();
  return (
    <Stack>
      <PageHeader title={t('typicalProducts.create')} />
      <Card withBorder>
        <TypicalProductForm
          onCancel={() => navigate(-1)}
          onSubmit={async (b) => {
            const c = await save.mutateAsync(b);
            notifications.show({ color: 'green', message: t('common.saved') });
            navigate(`/typical-products/${c.id}`);
          }}
        />
      </Card>
    </Stack>
  );
}

export function TypicalProductEditPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const q = useTypicalProduct(id);
  const save = useSaveTypicalProduct(id);
  return (
    <QueryState query={q}>
      {(c) => (
        <Stack>
          <PageHeader title={t('typicalProducts.editTitle', { name: c.name })} />
          <Card withBorder>
            <TypicalProductForm
              initial={c}
              onCancel={() => navigate(-1)}
              onSubmit={async (b) => {
                await save.mutateAsync(b);
                notifications.show({ color: 'green', message: t('common.saved') });
                navigate(`/typical-products/${id}`);
              }}
            />
          </Card>
        </Stack>
      )}
    </QueryState>
  );
}
