import { Anchor, Button, Group, Stack } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EnumSelect } from '@/components/inputs';
import { DataTable, type Column } from '@/components/DataTable';
import { ExportMenu } from '@/components/ExportMenu';
import { PageHeader } from '@/components/PageHeader';
import { Can } from '@/lib/auth/Can';
import { PRODUCT_GROUPS, PRODUCT_TIERS } from '@/lib/domain';
import { formatDate, formatNumber } from '@/lib/format';
import { useListParams } from '@/lib/useListParams';
import { useTypicalProducts, type TypicalProductListItem } from '../api/typicalProducts';
import { RecognizedBadge } from '../components/RecognizedBadge';
import { pagingProps, queryProps } from '@/lib/tableProps';
import { SearchInput } from '@/components/SearchInput';

const FILTERS = ['q', 'group', 'tier', 'recognized_year', 'enterprise_id'] as const;

export function TypicalProductListPage() {
  const { t } = useTranslation();
  const lp = useListParams(FILTERS, { sort: '-recognized_year' });
  const q = useTypicalProducts(lp.query);
  const columns: Column<TypicalProductListItem>[] = [
    { key: 'name', header: t('fields.name'), sortKey: 'name', render: (p) => <Anchor component={Link} to={`/typical-products/${p.id}`}>{p.name}</Anchor> },
    { key: 'group', header: t('fields.group'), render: (p) => t(`enum.productGroup.${p.group}`) },
    { key: 'tier', header: t('fields.tier'), render: (p) => t(`enum.productTier.${p.tier}`) },
    { key: 'year', header: t('fields.recognized_year'), sortKey: 'recognized_year', align: 'right', render: (p) => p.recognized_year },
    { key: 'score', header: t('terms.productScore'), sortKey: 'score', align: 'right', render: (p) => formatNumber(p.score) },
    { key: 'valid', header: t('fields.valid_until'), sortKey: 'valid_until', render: (p) => formatDate(p.valid_until) },
    { key: 'recognized', header: t('typicalProducts.recognition'), render: (p) => <RecognizedBadge recognized={p.recognized} /> },
  ];
  return (
    <Stack data-testid="typical-products-page">
      <PageHeader
        title={t('typicalProducts.title')}
        actions={
          <>
            <ExportMenu path="/typical-products/export" params={{ ...lp.filters, sort: lp.sort }} name="san-pham-cnnt-tieu-bieu" />
            <Can action="registry.create">
            <Button component={Link} to="/typical-products/new" leftSection={<IconPlus size={16} aria-hidden />} data-testid="typical-product-create">
              {t('typicalProducts.create')}
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
        <EnumSelect label={t('fields.group')} ns="productGroup" values={PRODUCT_GROUPS} clearable value={lp.filters.group || null} onChange={(v) => lp.update({ group: v })} w={200} />
        <EnumSelect label={t('fields.tier')} ns="productTier" values={PRODUCT_TIERS} clearable value={lp.filters.tier || null} onChange={(v) => lp.update({ tier: v })} w={180} />
      </Group>
      <DataTable
        testId="typical-products-table"
        caption={t('typicalProducts.title')}
        columns={columns}
        {...queryProps(q)}
        rowKey={(p) => p.id}
        {...pagingProps(lp, q.data?.total)}
      />
    </Stack>
  );
}
