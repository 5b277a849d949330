import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

/** List state (page, page_size, sort and filters) kept in the URL so it survives reloads and links. */
export function useListParams<F extends string>(filterKeys: readonly F[], defaults: { sort?: string; pageSize?: number } = {}) {
  const [sp, setSp] = useSearchParams();
  const page = Math.max(1, Number(sp.get('page') ?? 1) || 1);
  const pageSize = Math.min(200, Number(sp.get('page_size') ?? defaults.pageSize ?? 20) || 20);
  const sort = sp.get('sort') ?? defaults.sort ?? '';
  const filterString = filterKeys.map((k) => `${k}=${sp.get(k) ?? ''}`).join('&');
  const filters = useMemo(() => {
    const out = {} as Record<F, string>;
    for (const k of filterKeys) out[k] = sp.get(k) ?? '';
    return out;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [filterString]);

  const update = useCallback(
    (patch: Record<string, string | number | null | undefined>, resetPage = true) => {
      setSp(
        (prev) => {
          // Start from the address bar, not `prev`: a debounced update (search box) may run with a
          // setter from an earlier render whose `prev` lacks a filter set since.
          const next = new URLSearchParams(typeof window !== 'undefined' ? window.location.search : prev);
          for (const [k, v] of Object.entries(patch)) {
            if (v === null || v === undefined || v === '') next.delete(k);
            else next.set(k, String(v));
          }
          if (resetPage && !('page' in patch)) next.delete('page');
          return next;
        },
        { replace: true },
      );
    },
    [setSp],
  );

  /** Query object for the API: only non-empty filters. */
  const query = useMemo(() => {
    const q: Record<string, string | number> = { page, page_size: pageSize };
    if (sort) q.sort = sort;
    for (const [k, v] of Object.entries(filters)) if (v) q[k] = v as string;
    return q;
  }, [page, pageSize, sort, filters]);

  return { page, pageSize, sort, filters, query, update };
}

export type ListParams = Pick<ReturnType<typeof useListParams>, 'page' | 'pageSize' | 'sort' | 'update'> & { filters?: Record<string, string> };
