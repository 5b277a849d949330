import { Autocomplete, type AutocompleteProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '@/lib/api/client';

/**
 * The implementing unit: one already named on projects (the most used first, searched without
 * diacritics on the server), or a new one typed in full.
 */
export function ImplementingUnitInput(props: Omit<AutocompleteProps, 'data'>) {
  const { t } = useTranslation();
  const [search] = useDebouncedValue(typeof props.value === 'string' ? props.value : '', 250);
  const q = useQuery({
    queryKey: ['projects', 'implementing-units', search],
    queryFn: () => unwrap(api.GET('/api/v1/projects/implementing-units', { params: { query: { q: search.trim() || undefined, page_size: 20 } } })),
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
  const data = (q.data?.items ?? []).map((u) => u.name);
  return (
    <Autocomplete
      placeholder={t('implementingUnit.placeholder')}
      // The server already matched the words; do not filter again on the exact text.
      filter={({ options }) => options}
      data={[...new Set(data)]}
      {...props}
    />
  );
}
