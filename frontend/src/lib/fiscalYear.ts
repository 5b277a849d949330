// The fiscal year shown by the dashboard and the budget page: one choice shared by both. An
// explicit `?year=` wins and is remembered for the session; without it, the remembered choice;
// without that, the latest year with budget data (`GET /budget/years`).
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect } from 'react';
import { useSearchParams } from 'react-router';
import { api, unwrap } from '@/lib/api/client';

const KEY = 'kc.fiscal_year';

function valid(n: number): number | null {
  return Number.isInteger(n) && n >= 2000 && n <= 2100 ? n : null;
}

function stored(): number | null {
  try {
    return valid(Number(window.sessionStorage.getItem(KEY)));
  } catch {
    return null;
  }
}

function remember(year: number) {
  try {
    window.sessionStorage.setItem(KEY, String(year));
  } catch {
    // Storage may be unavailable (private mode): the URL still carries the year.
  }
}

interface YearFigures {
  year: number;
  appropriated_vnd: number;
  allocated_vnd: number;
  committed_vnd: number;
  disbursed_vnd: number;
}

/** The latest year up to `current` with any money in it; else the earliest later one; else `current`. */
export function latestYearWithData(years: readonly YearFigures[], current: number): number {
  const withData = years.filter((y) => y.appropriated_vnd > 0 || y.allocated_vnd > 0 || y.committed_vnd > 0 || y.disbursed_vnd > 0).map((y) => y.year);
  const past = withData.filter((y) => y <= current);
  if (past.length) return Math.max(...past);
  return withData.length ? Math.min(...withData) : current;
}

export const budgetYearsKey = ['budget', 'years'] as const;

/** `[year, setYear]`; year is null only while the latest year with data is being looked up. */
export function useFiscalYear(): [number | null, (year: number) => void] {
  const [sp, setSp] = useSearchParams();
  const explicit = valid(Number(sp.get('year')));
  const remembered = explicit ?? stored();
  const years = useQuery({
    queryKey: budgetYearsKey,
    enabled: remembered === null,
    queryFn: () => unwrap(api.GET('/api/v1/budget/years')),
    staleTime: 5 * 60_000,
  });

  useEffect(() => {
    if (explicit !== null) remember(explicit);
  }, [explicit]);

  const current = new Date().getFullYear();
  const year = remembered ?? (years.data ? latestYearWithData(years.data.items, current) : years.isError ? current : null);

  const setYear = useCallback(
    (y: number) => {
      remember(y);
      setSp(
        (prev) => {
          const next = new URLSearchParams(prev);
          next.set('year', String(y));
          return next;
        },
        { replace: true },
      );
    },
    [setSp],
  );
  return [year, setYear];
}
