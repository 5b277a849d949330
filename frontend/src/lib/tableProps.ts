import type { ListParams } from './useListParams';

/** What DataTable needs to know of a list query: its rows, whether it is loading or failed, and
 * how to try again. */
export function queryProps<T>(q: {
  data?: { items: T[] };
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
}) {
  return {
    rows: q.data?.items,
    loading: q.isPending,
    error: q.isError ? q.error : null,
    onRetry: () => void q.refetch(),
  };
}

/** DataTable's sort and paging, kept in the URL by `useListParams`; a new sort or page size goes
 * back to page 1. */
export function pagingProps(lp: ListParams, total: number | undefined, totalIsExact?: boolean) {
  return {
    totalIsExact,
    sort: lp.sort,
    onSort: (sort: string) => lp.update({ sort }),
    page: lp.page,
    pageSize: lp.pageSize,
    total,
    onPage: (page: number) => lp.update({ page }, false),
    onPageSize: (size: number) => lp.update({ page_size: size }),
    filtered: Object.values(lp.filters ?? {}).some(Boolean),
  };
}
