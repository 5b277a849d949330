// Selects backed by reference data shared by several features (admin units, sectors, enterprises,
// craft villages). They read the API directly and cache under the 'ref' query key.
import { Anchor, Badge, Group, Select, Stack, Text, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '@/lib/api/client';

type PickerProps = Omit<SelectProps, 'data'>;

export function useAdminUnits(validOn?: string | null) {
  return useQuery({
    queryKey: ['ref', 'admin-units', validOn ?? null],
    queryFn: () => unwrap(api.GET('/api/v1/admin-units', { params: { query: validOn ? { valid_on: validOn } : {} } })),
    staleTime: 60 * 60_000,
  });
}

type AdminUnit = NonNullable<ReturnType<typeof useAdminUnits>['data']>['items'][number];

/**
 * One entry per code. The 2025 reorganisation reused codes for new units, so the same code may
 * have had several names: the current one first, the earlier ones after it.
 */
export function adminUnitOptions(units: readonly AdminUnit[]): Array<{ value: string; label: string }> {
  const byCode = new Map<string, AdminUnit[]>();
  for (const u of units) byCode.set(u.code, [...(byCode.get(u.code) ?? []), u]);
  const out: Array<{ value: string; label: string }> = [];
  for (const [code, versions] of byCode) {
    versions.sort((a, b) => (b.valid_from ?? '').localeCompare(a.valid_from ?? ''));
    const [current, ...older] = versions;
    const olderNames = [...new Set(older.map((o) => o.name).filter((n) => n !== current!.name))];
    out.push({ value: code, label: `${current!.name} (${code})${olderNames.length ? ` – ${olderNames.join(', ')}` : ''}` });
  }
  return out.sort((a, b) => a.label.localeCompare(b.label, 'vi'));
}

/** 'Thành phố Hồ Chí Minh' → 'TP. Hồ Chí Minh' (as officials write it in an address). */
export function shortProvince(name: string | null | undefined): string {
  if (!name) return '';
  return name.startsWith('Thành phố ') ? `TP. ${name.slice('Thành phố '.length)}` : name;
}

/** What a unit became: '→ Phường Bình Cơ, TP. Hồ Chí Minh' (several after a split), or ''. */
export function successorText(u: Pick<AdminUnit, 'successors'>): string {
  const list = (u.successors ?? []).map((s) => [s.name, shortProvince(s.province_name)].filter(Boolean).join(', '));
  return list.length ? `→ ${list.join('; ')}` : '';
}

/** The picker's label: the unit's name, and for a unit no longer in force what it became. */
export function adminUnitLabel(u: Pick<AdminUnit, 'name' | 'successors'>): string {
  const after = successorText(u);
  return after ? `${u.name} (${after})` : u.name;
}

/** Where a unit sits: 'Huyện Bắc Tân Uyên, Tỉnh Bình Dương' or 'TP. Hồ Chí Minh'. */
function parentsText(u: AdminUnit): string {
  return [u.district_name, shortProvince(u.province_name)].filter(Boolean).join(', ');
}

/** The version of a code in force on `day` (codes were reused in 2025), else its latest one. */
function versionOn(versions: readonly AdminUnit[], day?: string | null): AdminUnit | undefined {
  const inForce = day ? versions.find((v) => (v.valid_from ?? '') <= day && (!v.valid_to || v.valid_to >= day)) : undefined;
  return inForce ?? [...versions].sort((a, b) => (b.valid_from ?? '').localeCompare(a.valid_from ?? ''))[0];
}

/**
 * The one administrative-unit picker: communes and wards (never a province or district), searched on
 * the server as one types ('tan khanh' finds 'Phường Tân Khánh'). With `validOn`, only units in force
 * that day; without it (list filters) every unit, old ones showing what they became.
 */
export function AdminUnitPicker({ validOn, value, ...props }: PickerProps & { validOn?: string | null }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const list = useQuery({
    queryKey: ['ref', 'admin-units', 'pick', validOn ?? null, debounced],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/admin-units', {
          params: { query: { level: 'commune', sort: 'name', page_size: 50, q: debounced.trim() || undefined, valid_on: validOn || undefined } },
        }),
      ),
    staleTime: 60 * 60_000,
    placeholderData: keepPreviousData,
  });
  const selected = useQuery({
    queryKey: ['ref', 'admin-units', 'code', value ?? null],
    enabled: !!value,
    queryFn: () => unwrap(api.GET('/api/v1/admin-units', { params: { query: { code: value! } } })),
    staleTime: 60 * 60_000,
  });
  const units = new Map<string, AdminUnit>();
  const chosen = versionOn(selected.data?.items ?? [], validOn);
  if (chosen) units.set(chosen.code, chosen);
  for (const u of list.data?.items ?? []) {
    // Without a date a code may come twice (Phường Phú Cường, then Phường Thủ Dầu Một): keep the latest.
    const known = units.get(u.code);
    if (!known || (u.valid_from ?? '') > (known.valid_from ?? '')) units.set(u.code, u);
  }
  const found = new Set((list.data?.items ?? []).map((u) => u.code));
  const data = [...units.values()].map((u) => ({ value: u.code, label: adminUnitLabel(u) }));
  return (
    <Select
      searchable
      clearable
      // The server has matched the text; the chosen unit is kept in `data` only to show its label.
      filter={({ options, search: typed }) => {
        const text = typed.trim();
        if (!text || (chosen && text === adminUnitLabel(chosen))) return options;
        return options.filter((o) => 'value' in o && found.has(o.value));
      }}
      onSearchChange={setSearch}
      data={data}
      value={value}
      placeholder={t('adminUnit.searchPlaceholder')}
      nothingFoundMessage={list.isFetching ? t('common.loading') : t('adminUnit.nothingFound')}
      renderOption={({ option }) => {
        const u = units.get(option.value);
        if (!u) return option.label;
        return (
          <Stack gap={0}>
            <Group gap={6} wrap="nowrap">
              {u.unit_type_name && (
                <Badge size="xs" variant="light" color={u.unit_type === 'ward' ? 'blue' : 'teal'}>
                  {u.unit_type_name}
                </Badge>
              )}
              <Text size="sm">{u.name}</Text>
            </Group>
            <Text size="xs" c="dimmed">
              {parentsText(u)}
            </Text>
            {(u.successors ?? []).length > 0 && (
              <Text size="xs" c="orange.8">
                {successorText(u)}
              </Text>
            )}
          </Stack>
        );
      }}
      {...props}
    />
  );
}

function useSectors() {
  return useQuery({ queryKey: ['ref', 'sectors'], queryFn: () => unwrap(api.GET('/api/v1/sectors')), staleTime: 60 * 60_000 });
}

export function SectorName({ code }: { code: string }) {
  const q = useSectors();
  const s = q.data?.items.find((x) => x.code === code);
  return <>{s ? `${code} – ${s.name}` : code}</>;
}

export function SectorSelect(props: PickerProps) {
  const q = useSectors();
  const data = (q.data?.items ?? []).map((s) => ({ value: s.code, label: `${s.code} – ${s.name}` }));
  return <Select searchable clearable data={data} nothingFoundMessage="—" {...props} />;
}

interface Option {
  id: string;
  label: string;
}

async function searchOptions(kind: 'enterprises' | 'craft-villages', q: string): Promise<Option[]> {
  const query = { q: q || undefined, page_size: 20 };
  if (kind === 'enterprises') {
    const r = await unwrap(api.GET('/api/v1/enterprises', { params: { query } }));
    return r.items.map((e) => ({ id: e.id, label: `${e.name} (${e.tax_code})` }));
  }
  const r = await unwrap(api.GET('/api/v1/craft-villages', { params: { query } }));
  return r.items.map((c) => ({ id: c.id, label: c.name }));
}

async function getOption(kind: 'enterprises' | 'craft-villages', id: string): Promise<Option> {
  if (kind === 'enterprises') {
    const e = await unwrap(api.GET('/api/v1/enterprises/{id}', { params: { path: { id } } }));
    return { id: e.id, label: `${e.name} (${e.tax_code})` };
  }
  const c = await unwrap(api.GET('/api/v1/craft-villages/{id}', { params: { path: { id } } }));
  return { id: c.id, label: c.name };
}

function useRemoteOptions(kind: 'enterprises' | 'craft-villages', search: string, selected: string | null | undefined) {
  const [debounced] = useDebouncedValue(search, 250);
  const list = useQuery({ queryKey: ['ref', kind, debounced], queryFn: () => searchOptions(kind, debounced) });
  const one = useQuery({ queryKey: ['ref', kind, 'one', selected], enabled: !!selected, queryFn: () => getOption(kind, selected!) });
  const opts = new Map<string, string>();
  if (one.data) opts.set(one.data.id, one.data.label);
  for (const o of list.data ?? []) opts.set(o.id, o.label);
  return [...opts].map(([value, label]) => ({ value, label }));
}

export function EnterpriseSelect(props: PickerProps) {
  const [search, setSearch] = useState('');
  const data = useRemoteOptions('enterprises', search, props.value);
  return <Select searchable clearable filter={({ options }) => options} onSearchChange={setSearch} data={data} nothingFoundMessage="—" {...props} />;
}

export function CraftVillageSelect(props: PickerProps) {
  const [search, setSearch] = useState('');
  const data = useRemoteOptions('craft-villages', search, props.value);
  return <Select searchable clearable filter={({ options }) => options} onSearchChange={setSearch} data={data} nothingFoundMessage="—" {...props} />;
}

function useOption(kind: 'enterprises' | 'craft-villages', id: string) {
  return useQuery({ queryKey: ['ref', kind, 'one', id], queryFn: () => getOption(kind, id), retry: false });
}

/** A link to an enterprise showing its name (the id while loading, or if the caller may not see it). */
export function EnterpriseLink({ id }: { id: string }) {
  const q = useOption('enterprises', id);
  return (
    <Anchor component={Link} to={`/enterprises/${id}`} data-testid="enterprise-link">
      {q.data?.label ?? id}
    </Anchor>
  );
}

export function CraftVillageLink({ id }: { id: string }) {
  const q = useOption('craft-villages', id);
  return (
    <Anchor component={Link} to={`/craft-villages/${id}`}>
      {q.data?.label ?? id}
    </Anchor>
  );
}

export function AdminUnitName({ code }: { code: string }) {
  const q = useAdminUnits();
  const label = adminUnitOptions((q.data?.items ?? []).filter((u) => u.code === code))[0]?.label;
  return <>{label ?? code}</>;
}
