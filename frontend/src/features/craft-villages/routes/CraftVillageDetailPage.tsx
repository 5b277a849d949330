import { Anchor, Button, Card, Stack, Text } from '@mantine/core';
import { IconEdit } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { DetailGrid } from '@/components/bits';
import { PageHeader } from '@/components/PageHeader';
import { QueryState } from '@/components/QueryState';
import { Can } from '@/lib/auth/Can';
import { formatDate, formatNumber } from '@/lib/format';
import { useCraftVillage } from '../api/craftVillages';

export function CraftVillageDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const q = useCraftVillage(id);
  return (
    <QueryState query={q}>
      {(c) => (
        <Stack data-testid="craft-village-detail">
          <PageHeader
            title={c.name}
            actions={
              <Can action="registry.create">
                <Button component={Link} to={`/craft-villages/${c.id}/edit`} leftSection={<IconEdit size={16} aria-hidden />}>
                  {t('common.edit')}
                </Button>
              </Can>
            }
          />
          <Card withBorder>
            <DetailGrid
              cols={3}
              items={[
                [t('fields.craft'), c.craft],
                [t('fields.admin_unit_code'), c.admin_unit_code],
                [t('fields.is_traditional'), c.is_traditional ? t('common.yes') : t('common.no')],
                [t('fields.recognized_on'), formatDate(c.recognized_on)],
                [t('fields.recognition_decision'), c.recognition_decision],
                [t('fields.founded_year'), c.founded_year],
                [t('fields.households'), formatNumber(c.households)],
                [t('fields.craft_households'), formatNumber(c.craft_households)],
                [t('fields.workers'), formatNumber(c.workers)],
              ]}
            />
            {c.description && (
              <Text mt="md" size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {c.description}
              </Text>
            )}
          </Card>
          <Anchor component={Link} to={`/enterprises?craft_village_id=${c.id}`}>
            {t('craftVillages.enterprises')}
          </Anchor>
        </Stack>
      )}
    </QueryState>
  );
}
