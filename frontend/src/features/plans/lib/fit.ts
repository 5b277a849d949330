// The plan's fit: what the plan's projects ask for, per category and funding source, against what
// the year has left on that allocation line. Shown as the plan is built (include/exclude
// recompute it at once); the server decides at approval, all or none.

export interface FitItem {
  category: string;
  recommended_support_vnd: number;
}

export interface AllocationLine {
  category: string;
  funding_source: string;
  allocated_vnd: number;
  /** allocated − committed; absent: the whole allocation is free */
  available_vnd?: number | null;
}

export interface FitRow {
  category: string;
  funding_source: string;
  planned_vnd: number;
  allocated_vnd: number;
  available_vnd: number;
  /** available − planned: negative when the line is short */
  remaining_vnd: number;
  fits: boolean;
}

/** One row per category the plan asks money of (on `source`), in `order` of categories. */
export function computeFit(items: readonly FitItem[], lines: readonly AllocationLine[], source: string, order: readonly string[] = []): FitRow[] {
  const planned = new Map<string, number>();
  for (const item of items) planned.set(item.category, (planned.get(item.category) ?? 0) + item.recommended_support_vnd);
  const rank = (c: string) => {
    const i = order.indexOf(c);
    return i === -1 ? order.length : i;
  };
  return [...planned.keys()]
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((category) => {
      const line = lines.find((l) => l.category === category && l.funding_source === source);
      const allocated = line?.allocated_vnd ?? 0;
      const available = line ? (line.available_vnd ?? allocated) : 0;
      const want = planned.get(category) ?? 0;
      return {
        category,
        funding_source: source,
        planned_vnd: want,
        allocated_vnd: allocated,
        available_vnd: available,
        remaining_vnd: available - want,
        fits: want <= available,
      };
    });
}

export function fitTotals(rows: readonly FitRow[]) {
  return rows.reduce(
    (acc, r) => ({
      planned_vnd: acc.planned_vnd + r.planned_vnd,
      allocated_vnd: acc.allocated_vnd + r.allocated_vnd,
      available_vnd: acc.available_vnd + r.available_vnd,
      remaining_vnd: acc.remaining_vnd + r.remaining_vnd,
      fits: acc.fits && r.fits,
    }),
    { planned_vnd: 0, allocated_vnd: 0, available_vnd: 0, remaining_vnd: 0, fits: true },
  );
}

/** Ranked as the plan ranks them: by score (highest first), then by code. */
export function rankCandidates<T extends { appraisal_score?: number | null; code: string }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => (b.appraisal_score ?? -1) - (a.appraisal_score ?? -1) || a.code.localeCompare(b.code));
}

/** The source a plan's money comes from by default: its level's. */
export function defaultSource(level: string): string {
  return level === 'national' ? 'national' : 'local';
}

export const PLAN_STATUS_COLORS: Record<string, string> = { draft: 'gray', submitted: 'blue', approved: 'green', superseded: 'dark' };

export interface ServerFitLine {
  category: string;
  funding_source: string;
  planned_vnd: number;
  to_commit_vnd?: number | null;
  allocated_vnd: number | null;
  available_vnd?: number | null;
  fits: boolean | null;
}

/** The server's own fit (it knows what earlier versions already committed), as rows in `order`
 * of categories (the Decree's, as computeFit; the server's lines come by code); null when budget
 * could not say (then the page computes it from the year's summary). */
export function fitFromServer(lines: readonly ServerFitLine[] | undefined, source: string, order: readonly string[] = []): FitRow[] | null {
  if (!lines) return null;
  const rank = (c: string) => {
    const i = order.indexOf(c);
    return i === -1 ? order.length : i;
  };
  const mine = lines.filter((l) => l.funding_source === source).sort((a, b) => rank(a.category) - rank(b.category) || a.category.localeCompare(b.category));
  if (mine.length === 0 || mine.some((l) => l.available_vnd === null || l.available_vnd === undefined || l.fits === null)) return null;
  return mine.map((l) => {
    const available = l.available_vnd ?? 0;
    const toCommit = l.to_commit_vnd ?? l.planned_vnd;
    return {
      category: l.category,
      funding_source: l.funding_source,
      planned_vnd: toCommit,
      allocated_vnd: l.allocated_vnd ?? 0,
      available_vnd: available,
      remaining_vnd: available - toCommit,
      fits: !!l.fits,
    };
  });
}
