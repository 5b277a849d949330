import { Anchor, Badge, Button, Card, Stack, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconArchive, IconEdit } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { PageHeader } from '@/components/PageHeader';
import { AdminUnitName, CraftVillageLink, SectorName } from '@/components/pickers';
import { DataTable } from '@/components/DataTable';
import { DetailGrid, Money, StatusBadge } from '@/components/display';
import { errorMessage, QueryState } from '@/components/QueryState';
import { Can } from '@/lib/auth/Can';
import { formatDate, formatNumber } from '@/lib/format';
import { useArchiveEnterprise, useEnterprise, useEnterpriseProjects } from '../api/enterprises';
import { queryProps } from '@/lib/tableProps';

function EnterpriseProjects({ id }: { id: string }) {
  const { t } = useTranslation();
  const q = useEnterpriseProjects(id);
  return (
    <Card withBorder component="section" aria-label={t('enterprises.projects')} data-testid="enterprise-projects">
      <Title order={2} size="h4" mb="sm">
        {t('enterprises.projects')}
      </Title>
      <DataTable
        caption={t('enterprises.projects')}
        {...queryProps(q)}
        rowKey={(p) => p.id}
        columns={[
          {
            key: 'code',
            header: t('fields.code'),
            render: (p) => (
              <Anchor component={Link} to={`/projects/${p.id}`}>
                {p.code}
              </Anchor>
            ),
          },
          { key: 'title', header: t('fields.title'), render: (p) => p.title },
          { key: 'year', header: t('fields.fiscal_year'), render: (p) => p.fiscal_year },
          { key: 'status', header: t('fields.status'), render: (p) => <StatusBadge status={p.status} /> },
          { key: 'approved', header: t('fields.approved_support_vnd'), align: 'right', render: (p) => <Money value={p.approved_support_vnd} /> },
        ]}
      />
    </Card>
  );
}

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
                [t('fields.size'), e.size ? t(`enum.enterpriseSize.${e.size}`) : null],
                [t('fields.sector_code'), e.sector_code ? <SectorName key="s" code={e.sector_code} /> : null],
                [t('fields.admin_unit_code'), <AdminUnitName key="u" code={e.admin_unit_code} />],
                [t('fields.address'), e.address],
                [t('fields.established_on'), formatDate(e.established_on)],
                [t('fields.employees'), formatNumber(e.employees)],
                [t('fields.is_rural_industrial'), yes(e.is_rural_industrial)],
                [t('fields.owner_gender'), e.owner_gender ? t(`enum.gender.${e.owner_gender}`) : null],
                [t('fields.owner_ethnic_minority'), yes(e.owner_ethnic_minority)],
                [t('fields.phone'), e.phone],
                [t('fields.email'), e.email],
                [t('fields.craft_village_id'), e.craft_village_id ? <CraftVillageLink id={e.craft_village_id} /> : null],
                [t('fields.status'), <Badge variant="light" key="s">{t(`enum.enterpriseStatus.${e.status}`)}</Badge>],
              ]}
            />
          </Card>
          <EnterpriseProjects id={e.id} />
        </Stack>
      )}
    </QueryState>
  );
}
