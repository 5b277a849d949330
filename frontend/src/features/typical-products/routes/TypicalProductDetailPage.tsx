import { Button, Card, Stack } from '@mantine/core';
import { IconEdit } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { DetailGrid } from '@/components/display';
import { EnterpriseLink } from '@/components/pickers';
import { RecognizedBadge } from '../components/RecognizedBadge';
import { PageHeader } from '@/components/PageHeader';
import { QueryState } from '@/components/QueryState';
import { Can } from '@/lib/auth/Can';
import { formatDate, formatNumber } from '@/lib/format';
import { useTypicalProduct } from '../api/typicalProducts';

export function TypicalProductDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const q = useTypicalProduct(id);
  return (
    <QueryState query={q}>
      {(p) => (
        <Stack data-testid="typical-product-detail">
          <PageHeader
            title={p.name}
            actions={
              <Can action="registry.create">
                <Button component={Link} to={`/typical-products/${p.id}/edit`} leftSection={<IconEdit size={16} aria-hidden />}>
                  {t('common.edit')}
                </Button>
              </Can>
            }
          />
          <Card withBorder>
            <DetailGrid
              cols={3}
              items={[
                [t('fields.group'), t(`enum.productGroup.${p.group}`)],
                [t('fields.tier'), t(`enum.productTier.${p.tier}`)],
                [t('fields.recognized_year'), p.recognized_year],
                [t('terms.productScore'), formatNumber(p.score)],
                [t('fields.certificate_number'), p.certificate_number],
                [t('fields.valid_until'), formatDate(p.valid_until)],
                [t('fields.enterprise_id'), p.enterprise_id ? <EnterpriseLink key="e" id={p.enterprise_id} /> : null],
                [t('typicalProducts.recognition'), <RecognizedBadge key="r" recognized={p.recognized} />],
              ]}
            />
          </Card>
        </Stack>
      )}
    </QueryState>
  );
}
