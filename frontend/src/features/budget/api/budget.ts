import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, newIdempotencyKey, unwrap } from '@/lib/api/client';
import { ApiError } from '@/lib/api/problem';
import type { BodyOf, ItemOf, ResponseOf } from '@/lib/api/types';

export type Program = ItemOf<'/api/v1/budget/programs'>;
export type ProgramCreate = BodyOf<'/api/v1/budget/programs'>;
export type Appropriation = ItemOf<'/api/v1/budget/years/{year}/appropriations'>;
export type AppropriationCreate = BodyOf<'/api/v1/budget/years/{year}/appropriations'>;
export type Allocation = ItemOf<'/api/v1/budget/years/{year}/allocations'>;
export type AllocationCreate = BodyOf<'/api/v1/budget/years/{year}/allocations'>;
export type Reallocation = BodyOf<'/api/v1/budget/years/{year}/reallocations'>;
export type Summary = ResponseOf<'/api/v1/budget/years/{year}/summary'>;
export type LedgerEntry = ItemOf<'/api/v1/budget/ledger'>;

export const budgetKeys = {
  all: ['budget'] as const,
  programs: ['budget', 'programs'] as const,
  year: (year: number, what: string) => ['budget', year, what] as const,
  ledger: (q: object) => ['budget', 'ledger', q] as const,
};

const path = (year: number) => ({ params: { path: { year } } });

export const usePrograms = () =>
  useQuery({ queryKey: budgetKeys.programs, queryFn: () => unwrap(api.GET('/api/v1/budget/programs', { params: { query: { page_size: 200 } } })) });
export const useAppropriations = (year: number) =>
  useQuery({ queryKey: budgetKeys.year(year, 'appropriations'), queryFn: () => unwrap(api.GET('/api/v1/budget/years/{year}/appropriations', { params: { path: { year }, query: { page_size: 200 } } })) });
export const useAllocations = (year: number) =>
  useQuery({ queryKey: budgetKeys.year(year, 'allocations'), queryFn: () => unwrap(api.GET('/api/v1/budget/years/{year}/allocations', { params: { path: { year }, query: { page_size: 200 } } })) });
export const useSummary = (year: number) =>
  useQuery({ queryKey: budgetKeys.year(year, 'summary'), queryFn: () => unwrap(api.GET('/api/v1/budget/years/{year}/summary', path(year))) });
export const useLedger = (query: { fiscal_year?: number; project_id?: string; page: number; page_size: number }) =>
  useQuery({ queryKey: budgetKeys.ledger(query), queryFn: () => unwrap(api.GET('/api/v1/budget/ledger', { params: { query } })), placeholderData: keepPreviousData });
/**
 * Project codes for the ledger of a fiscal year, in one call: the projects of that year (a
 * project's money is booked in its own fiscal year). Entries of other projects show no code.
 */
export const useProjectCodes = (fiscalYear: number) =>
  useQuery({
    queryKey: ['budget', 'project-codes', fiscalYear],
    queryFn: async () => {
      const page = await unwrap(api.GET('/api/v1/projects', { params: { query: { fiscal_year: fiscalYear, page_size: 200 } } }));
      return new Map(page.items.map((p) => [p.id, p.code]));
    },
    staleTime: 5 * 60_000,
  });
/** A checkpoint someone kept outside the system: the ledger must still hold exactly it. */
export type KeptCheckpoint = { checkpoint_seq: number; checkpoint_signature: string };
export const useLedgerVerify = (enabled: boolean, kept?: KeptCheckpoint) =>
  useQuery({
    queryKey: ['budget', 'ledger-verify', kept ?? null],
    enabled,
    queryFn: () => unwrap(api.GET('/api/v1/budget/ledger/verify', { params: { query: kept ?? {} } })),
  });
export type LedgerCheckpoint = ResponseOf<'/api/v1/public/budget/ledger-checkpoint'>;
/** The latest signed checkpoint (published without a login), or null before the first; asked
 * again every minute while shown, so that the one offered for copying is the newest. */
export const useLedgerCheckpoint = () =>
  useQuery({
    queryKey: ['budget', 'ledger-checkpoint'],
    refetchInterval: 60_000,
    queryFn: async (): Promise<LedgerCheckpoint | null> => {
      try {
        return await unwrap(api.GET('/api/v1/public/budget/ledger-checkpoint'));
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }
    },
  });

function useBudgetMutation<V>(fn: (v: V, key: string) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ values, key }: { values: V; key?: string }) => fn(values, key ?? newIdempotencyKey()),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: budgetKeys.all });
      void qc.invalidateQueries({ queryKey: ['dashboard'] });
    },
  });
}

export const useCreateProgram = () => useBudgetMutation((body: ProgramCreate) => unwrap(api.POST('/api/v1/budget/programs', { body })));
export const useCreateAppropriation = (year: number) =>
  useBudgetMutation((body: AppropriationCreate, key) => unwrap(api.POST('/api/v1/budget/years/{year}/appropriations', { ...path(year), body, headers: { 'Idempotency-Key': key } })));
export const useCreateAllocation = (year: number) =>
  useBudgetMutation((body: AllocationCreate, key) => unwrap(api.POST('/api/v1/budget/years/{year}/allocations', { ...path(year), body, headers: { 'Idempotency-Key': key } })));
export const useReallocate = (year: number) =>
  useBudgetMutation((body: Reallocation, key) => unwrap(api.POST('/api/v1/budget/years/{year}/reallocations', { ...path(year), body, headers: { 'Idempotency-Key': key } })));
export const useCarryOver = (year: number) =>
  useBudgetMutation((_: void, key) => unwrap(api.POST('/api/v1/budget/years/{year}/carry-over', { ...path(year), headers: { 'Idempotency-Key': key } })));
