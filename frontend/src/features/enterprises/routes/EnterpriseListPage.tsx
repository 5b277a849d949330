import { Anchor, Badge, Button, Group, Stack } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus, IconUpload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EnumSelect } from '@/components/inputs';
import { DataTable, type Column } from '@/components/DataTable';
import { ExportMenu } from '@/components/ExportMenu';
import { PageHeader } from '@/components/PageHeader';
import { AdminUnitName, AdminUnitPicker, SectorName, SectorSelect } from '@/components/pickers';
import { Can } from '@/lib/auth/Can';
import { ENTERPRISE_KINDS, ENTERPRISE_STATUSES } from '@/lib/domain';
import { useListParams } from '@/lib/useListParams';
import { useEnterprises, type EnterpriseListItem } from '../api/enterprises';
import { ImportDialog } from '../components/ImportDialog';
import { pagingProps, queryProps } from '@/lib/tableProps';
import { SearchInput } from '@/components/SearchInput';

const FILTERS = ['q', 'admin_unit_code', 'sector_code', 'kind', 'status', 'craft_village_id'] as const;

export function EnterpriseListPage() {
  const { t } = useTranslation();
  const lp = useListParams(FILTERS, { sort: 'name' });
  const q = useEnterprises(lp.query);
  const [importOpen, importCtl] = useDisclosure(false);

  const columns: Column<EnterpriseListItem>[] = [
    { key: 'tax_code', header: t('fields.tax_code'), sortKey: 'tax_code', render: (e) => e.tax_code },
    {
      key: 'name',
      header: t('fields.name'),
      sortKey: 'name',
      render: (e) => (
        <Anchor component={Link} to={`/enterprises/${e.id}`}>
          {e.name}
        </Anchor>
      ),
    },
    { key: 'kind', header: t('fields.kind'), render: (e) => t(`enum.enterpriseKind.${e.kind}`) },
    { key: 'sector', header: t('fields.sector_code'), render: (e) => (e.sector_code ? <SectorName code={e.sector_code} /> : '—') },
    { key: 'unit', header: t('fields.admin_unit_code'), sortKey: 'admin_unit_code', render: (e) => <AdminUnitName code={e.admin_unit_code} /> },
    { key: 'employees', header: t('fields.employees'), sortKey: 'employees', align: 'right', render: (e) => e.employees ?? '—' },
    {
      key: 'status',
      header: t('fields.status'),
      render: (e) => (
        <Badge variant="light" color={e.status === 'active' ? 'green' : e.status === 'suspended' ? 'yellow' : 'gray'}>
          {t(`enum.enterpriseStatus.${e.status}`)}
        </Badge>
      ),
    },
  ];

  return (
    <Stack data-testid="enterprises-page">
      <PageHeader
        title={t('enterprises.title')}
        actions={
          <>
            <ExportMenu path="/enterprises/export" params={{ ...lp.filters, sort: lp.sort }} name="doanh-nghiep" />
            <Can action="registry.import">
              <Button variant="default" leftSection={<IconUpload size={16} aria-hidden />} onClick={importCtl.open} data-testid="import-open">
                {t('enterprises.import.open')}
              </Button>
            </Can>
            <Can action="registry.create">
              <Button component={Link} to="/enterprises/new" leftSection={<IconPlus size={16} aria-hidden />} data-testid="enterprise-create">
                {t('enterprises.create')}
              </Button>
            </Can>
          </>
        }
      />
      <Group align="flex-end" wrap="wrap">
        <SearchInput
          value={lp.filters.q}
          onSearch={(q) => lp.update({ q })}
          placeholder={t('enterprises.searchPlaceholder')}
          w={280}
          data-testid="enterprise-search"
        />
        <AdminUnitPicker label={t('fields.admin_unit_code')} value={lp.filters.admin_unit_code || null} onChange={(v) => lp.update({ admin_unit_code: v })} w={220} />
        <SectorSelect label={t('fields.sector_code')} value={lp.filters.sector_code || null} onChange={(v) => lp.update({ sector_code: v })} w={220} />
        <EnumSelect label={t('fields.kind')} ns="enterpriseKind" values={ENTERPRISE_KINDS} clearable value={lp.filters.kind || null} onChange={(v) => lp.update({ kind: v })} w={200} />
        <EnumSelect label={t('fields.status')} ns="enterpriseStatus" values={ENTERPRISE_STATUSES} clearable value={lp.filters.status || null} onChange={(v) => lp.update({ status: v })} w={160} />
      </Group>
      <DataTable
        testId="enterprises-table"
        caption={t('enterprises.title')}
        columns={columns}
        {...queryProps(q)}
        rowKey={(e) => e.id}
        {...pagingProps(lp, q.data?.total, q.data?.total_is_exact)}
      />
      <ImportDialog opened={importOpen} onClose={importCtl.close} />
    </Stack>
  );
}
