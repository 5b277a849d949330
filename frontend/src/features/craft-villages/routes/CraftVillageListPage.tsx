import { Anchor, Badge, Button, Group, Select, Stack } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DataTable, type Column } from '@/components/DataTable';
import { ExportMenu } from '@/components/ExportMenu';
import { PageHeader } from '@/components/PageHeader';
import { AdminUnitName, AdminUnitPicker } from '@/components/pickers';
import { Can } from '@/lib/auth/Can';
import { formatNumber } from '@/lib/format';
import { useListParams } from '@/lib/useListParams';
import { useCraftVillages, type CraftVillageListItem } from '../api/craftVillages';
import { pagingProps, queryProps } from '@/lib/tableProps';
import { SearchInput } from '@/components/SearchInput';

const FILTERS = ['q', 'admin_unit_code', 'is_traditional'] as const;

export function CraftVillageListPage() {
  const { t } = useTranslation();
  const lp = useListParams(FILTERS, { sort: 'name' });
  const q = useCraftVillages(lp.query);
  const columns: Column<CraftVillageListItem>[] = [
    { key: 'name', header: t('fields.name'), sortKey: 'name', render: (c) => <Anchor component={Link} to={`/craft-villages/${c.id}`}>{c.name}</Anchor> },
    { key: 'craft', header: t('fields.craft'), render: (c) => c.craft },
    { key: 'unit', header: t('fields.admin_unit_code'), render: (c) => <AdminUnitName code={c.admin_unit_code} /> },
    { key: 'trad', header: t('fields.is_traditional'), render: (c) => (c.is_traditional ? <Badge variant="light">{t('craftVillages.traditional')}</Badge> : '—') },
    { key: 'households', header: t('fields.households'), align: 'right', sortKey: 'households', render: (c) => formatNumber(c.households) },
    { key: 'workers', header: t('fields.workers'), align: 'right', render: (c) => formatNumber(c.workers) },
  ];
  return (
    <Stack data-testid="craft-villages-page">
      <PageHeader
        title={t('craftVillages.title')}
        actions={
          <>
            <ExportMenu path="/craft-villages/export" params={{ ...lp.filters, sort: lp.sort }} name="lang-nghe" />
            <Can action="registry.create">
            <Button component={Link} to="/craft-villages/new" leftSection={<IconPlus size={16} aria-hidden />} data-testid="craft-village-create">
              {t('craftVillages.create')}
            </Button>
          </Can>
          </>
        }
      />
      <Group align="flex-end">
        <SearchInput
          value={lp.filters.q}
          onSearch={(q) => lp.update({ q })}
          w={260}
        />
        <AdminUnitPicker label={t('fields.admin_unit_code')} value={lp.filters.admin_unit_code || null} onChange={(v) => lp.update({ admin_unit_code: v })} w={220} />
        <Select
          label={t('fields.is_traditional')}
          clearable
          w={180}
          value={lp.filters.is_traditional || null}
          onChange={(v) => lp.update({ is_traditional: v })}
          data={[
            { value: 'true', label: t('common.yes') },
            { value: 'false', label: t('common.no') },
          ]}
        />
      </Group>
      <DataTable
        testId="craft-villages-table"
        caption={t('craftVillages.title')}
        columns={columns}
        {...queryProps(q)}
        rowKey={(c) => c.id}
        {...pagingProps(lp, q.data?.total)}
      />
    </Stack>
  );
}
