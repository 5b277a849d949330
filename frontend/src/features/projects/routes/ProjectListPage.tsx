import { Anchor, Button, Group, Select, Stack } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Money, StatusBadge } from '@/components/display';
import { EnumSelect, yearOptions } from '@/components/inputs';
import { EnterpriseSelect } from '@/components/pickers';
import { DataTable, type Column } from '@/components/DataTable';
import { ExportMenu } from '@/components/ExportMenu';
import { PageHeader } from '@/components/PageHeader';
import { Can } from '@/lib/auth/Can';
import { CATEGORIES, PROJECT_STATUSES } from '@/lib/domain';
import { useListParams } from '@/lib/useListParams';
import { useProjects, type ProjectListItem } from '../api/projects';
import { pagingProps, queryProps } from '@/lib/tableProps';
import { SearchInput } from '@/components/SearchInput';

const FILTERS = ['q', 'status', 'category', 'fiscal_year', 'beneficiary_enterprise_id', 'craft_village_id'] as const;

export function ProjectListPage() {
  const { t } = useTranslation();
  const lp = useListParams(FILTERS, { sort: '-code' });
  const q = useProjects(lp.query);
  const columns: Column<ProjectListItem>[] = [
    { key: 'code', header: t('fields.code'), sortKey: 'code', render: (p) => <Anchor component={Link} to={`/projects/${p.id}`} style={{ whiteSpace: 'nowrap' }}>{p.code}</Anchor> },
    { key: 'title', header: t('fields.title'), sortKey: 'title', render: (p) => p.title },
    { key: 'category', header: t('fields.category'), render: (p) => t(`enum.category.${p.category}`) },
    { key: 'year', header: t('fields.fiscal_year'), sortKey: 'fiscal_year', align: 'right', render: (p) => p.fiscal_year },
    { key: 'status', header: t('fields.status'), sortKey: 'status', render: (p) => <StatusBadge status={p.status} /> },
    { key: 'requested', header: t('fields.requested_support_vnd'), sortKey: 'requested_support_vnd', align: 'right', render: (p) => <Money value={p.requested_support_vnd} /> },
    { key: 'approved', header: t('fields.approved_support_vnd'), sortKey: 'approved_support_vnd', align: 'right', render: (p) => <Money value={p.approved_support_vnd} /> },
    { key: 'disbursed', header: t('fields.disbursed_vnd'), align: 'right', render: (p) => <Money value={p.disbursed_vnd} /> },
  ];
  return (
    <Stack data-testid="projects-page">
      <PageHeader
        title={t('projects.title')}
        actions={
          <>
            <ExportMenu path="/projects/export" params={{ ...lp.filters, sort: lp.sort }} name="de-an" />
            <Can action="project.create">
            <Button component={Link} to="/projects/new" leftSection={<IconPlus size={16} aria-hidden />} data-testid="project-create">
              {t('projects.create')}
            </Button>
          </Can>
          </>
        }
      />
      <Group align="flex-end" wrap="wrap">
        <SearchInput
          value={lp.filters.q}
          onSearch={(q) => lp.update({ q })}
          placeholder={t('projects.searchPlaceholder')}
          w={240}
          data-testid="project-search"
        />
        <EnumSelect label={t('fields.status')} ns="projectStatus" values={PROJECT_STATUSES} clearable value={lp.filters.status || null} onChange={(v) => lp.update({ status: v })} w={180} data-testid="filter-status" />
        <EnumSelect label={t('fields.category')} ns="category" values={CATEGORIES} clearable value={lp.filters.category || null} onChange={(v) => lp.update({ category: v })} w={260} />
        <Select
          label={t('fields.fiscal_year')}
          placeholder={t('projects.allYears')}
          clearable
          data={yearOptions()}
          value={lp.filters.fiscal_year || null}
          onChange={(v) => lp.update({ fiscal_year: v })}
          // Wide enough for the whole "Tất cả các năm" placeholder next to the clear button.
          w={180}
          data-testid="filter-year"
        />
        <EnterpriseSelect
          label={t('fields.beneficiary_enterprise_id')}
          value={lp.filters.beneficiary_enterprise_id || null}
          onChange={(v) => lp.update({ beneficiary_enterprise_id: v })}
          w={280}
        />
      </Group>
      <DataTable
        testId="projects-table"
        caption={t('projects.title')}
        columns={columns}
        {...queryProps(q)}
        rowKey={(p) => p.id}
        {...pagingProps(lp, q.data?.total)}
      />
    </Stack>
  );
}
