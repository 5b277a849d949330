import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import type { ResponseOf } from '@/lib/api/types';

export type Period = 'q1' | 'q2' | 'q3' | 'q4' | 'h1' | 'year';
export const PERIODS: Period[] = ['q1', 'q2', 'q3', 'q4', 'h1', 'year'];
export type ProgramReport = ResponseOf<'/api/v1/reports/program'>;
export type IssuedReport = ResponseOf<'/api/v1/reports/issued/{report_id}'>;

export const reportKeys = {
  all: ['reports'] as const,
  program: (year: number, period: Period) => ['reports', 'program', year, period] as const,
  issued: (year: number) => ['reports', 'issued', year] as const,
};

export const useProgramReport = (year: number, period: Period) =>
  useQuery({
    queryKey: reportKeys.program(year, period),
    // The route also serves XLSX and PDF (other media types): format=json is this shape.
    queryFn: async () => (await unwrap(api.GET('/api/v1/reports/program', { params: { query: { year, period, format: 'json' } } }))) as ProgramReport,
    placeholderData: keepPreviousData,
  });

export const useIssuedReports = (year: number) =>
  useQuery({
    queryKey: reportKeys.issued(year),
    queryFn: () => unwrap(api.GET('/api/v1/reports/issued', { params: { query: { year, page_size: 200 } } })),
  });

export function useIssueReport() {
  const qc = useQueryClient();
  return useMutation({
    // One key per confirmed issue: if the answer is lost and the call is sent again, the report
    // already issued comes back instead of a second number.
    mutationFn: ({ key, ...body }: { year: number; period: Period; key: string }) =>
      unwrap(api.POST('/api/v1/reports/issued', { body, params: { header: { 'Idempotency-Key': key } } })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: reportKeys.all }),
  });
}
