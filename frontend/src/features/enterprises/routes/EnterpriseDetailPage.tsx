import { Anchor, Badge, Button, Card, Stack } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconArchive, IconEdit } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { DetailGrid } from '@/components/bits';
import { PageHeader } from '@/components/PageHeader';
import { errorMessage, QueryState } from '@/components/QueryState';
import { Can } from '@/lib/auth/Can';
import { formatDate, formatNumber } from '@/lib/format';
import { useArchiveEnterprise, useEnterprise } from '../api/enterprises';

export function EnterpriseDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const q = useEnterprise(id);
  const archive = useArchiveEnterprise(id);
  const yes = (b: boolean | null | undefined) => (b ? t('common.yes') : t('common.no'));

  const confirmArchive = () =>
    modals.openConfirmModal({
      title: t('enterprises.archiveTitle'),
      children: t('enterprises.archiveConfirm'),
      labels: { confirm: t('enterprises.archive'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        archive.mutate(undefined, {
          onSuccess: () => notifications.show({ color: 'green', message: t('enterprises.archived') }),
          onError: (e) => notifications.show({ color: 'red', title: t('errors.title'), message: errorMessage(e, t) }),
        }),
    });

  return (
    <QueryState query={q}>
      {(e) => (
        <Stack data-testid="enterprise-detail">
          <PageHeader
            title={e.name}
            actions={
              <>
                <Can action="registry.edit" owner={e.id}>
                  <Button component={Link} to={`/enterprises/${e.id}/edit`} leftSection={<IconEdit size={16} aria-hidden />} data-testid="enterprise-edit">
                    {t('common.edit')}
                  </Button>
                </Can>
                {e.status !== 'dissolved' && (
                  <Can action="registry.archive">
                    <Button color="red" variant="light" leftSection={<IconArchive size={16} aria-hidden />} onClick={confirmArchive} data-testid="enterprise-archive">
                      {t('enterprises.archive')}
                    </Button>
                  </Can>
                )}
              </>
            }
          />
          <Card withBorder>
            <DetailGrid
              cols={3}
              items={[
                [t('fields.tax_code'), e.tax_code],
                [t('fields.kind'), t(`enum.enterpriseKind.${e.kind}`)],
                [t('fields.size'), t(`enum.enterpriseSize.${e.size}`)],
                [t('fields.sector_code'), e.sector_code],
                [t('fields.admin_unit_code'), e.admin_unit_code],
                [t('fields.address'), e.address],
                [t('fields.established_on'), formatDate(e.established_on)],
                [t('fields.employees'), formatNumber(e.employees)],
                [t('fields.is_rural_industrial'), yes(e.is_rural_industrial)],
                [t('fields.owner_gender'), e.owner_gender ? t(`enum.gender.${e.owner_gender}`) : null],
                [t('fields.owner_ethnic_minority'), yes(e.owner_ethnic_minority)],
                [t('fields.phone'), e.phone],
                [t('fields.email'), e.email],
                [
                  t('fields.craft_village_id'),
                  e.craft_village_id ? (
                    <Anchor component={Link} to={`/craft-villages/${e.craft_village_id}`}>
                      {t('common.open')}
                    </Anchor>
                  ) : null,
                ],
                [t('fields.status'), <Badge variant="light" key="s">{t(`enum.enterpriseStatus.${e.status}`)}</Badge>],
              ]}
            />
          </Card>
          <Anchor component={Link} to={`/projects?beneficiary_enterprise_id=${e.id}`} data-testid="enterprise-projects">
            {t('enterprises.projects')}
          </Anchor>
        </Stack>
      )}
    </QueryState>
  );
}
