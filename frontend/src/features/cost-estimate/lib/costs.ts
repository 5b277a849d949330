// The detailed cost estimate (Form 1): rows as typed in the table, the amounts they come to, and
// whether they agree with the project's three amounts. The server checks the same rules (422).

export interface CostLine {
  item: string;
  unit: string;
  quantity: number;
  unit_price_vnd: number;
  support_vnd: number;
  counterpart_vnd: number;
  is_management: boolean;
}

/** A row being typed: numbers may still be empty (''). */
export interface CostRow {
  item: string;
  unit: string;
  quantity: number | string;
  unit_price_vnd: number | string;
  support_vnd: number | string;
  counterpart_vnd: number | string;
  is_management: boolean;
}

export interface ProjectAmounts {
  total_cost_vnd: number | string;
  requested_support_vnd: number | string;
  counterpart_vnd: number | string;
}

// An implementing unit may spend at most 2.5% of the project's support on managing it (per
// mille, so the check stays in integers as on the server).
export const MANAGEMENT_CAP_PER_MILLE = 25;

const num = (v: number | string): number => (v === '' || v === null || v === undefined ? 0 : Number(v));

export const emptyRow = (): CostRow => ({ item: '', unit: '', quantity: '', unit_price_vnd: '', support_vnd: '', counterpart_vnd: '', is_management: false });

export function toRows(lines: readonly CostLine[] | null | undefined): CostRow[] {
  return (lines ?? []).map((l) => ({ ...l }));
}

/** quantity × unit price in whole đồng, or null when it is not whole (quantities have at most
 * two decimals; computed in hundredths so 2.5 × 1 000 000 is exact). */
export function lineAmount(row: Pick<CostRow, 'quantity' | 'unit_price_vnd'>): number | null {
  const hundredths = Math.round(num(row.quantity) * 100);
  const price = num(row.unit_price_vnd);
  const cents = hundredths * price;
  return cents % 100 === 0 ? cents / 100 : null;
}

export interface CostTotals {
  total_cost_vnd: number;
  requested_support_vnd: number;
  counterpart_vnd: number;
  management_vnd: number;
}

export function costTotals(rows: readonly CostRow[]): CostTotals {
  return rows.reduce<CostTotals>(
    (acc, r) => ({
      total_cost_vnd: acc.total_cost_vnd + (lineAmount(r) ?? 0),
      requested_support_vnd: acc.requested_support_vnd + num(r.support_vnd),
      counterpart_vnd: acc.counterpart_vnd + num(r.counterpart_vnd),
      management_vnd: acc.management_vnd + (r.is_management ? num(r.support_vnd) : 0),
    }),
    { total_cost_vnd: 0, requested_support_vnd: 0, counterpart_vnd: 0, management_vnd: 0 },
  );
}

export type CostProblem =
  | { kind: 'fraction'; row: number }
  | { kind: 'supportAbove'; row: number; support: number; amount: number }
  | { kind: 'mismatch'; field: keyof ProjectAmounts; lines: number; project: number }
  | { kind: 'managementOver'; amount: number; cap: number };

/** What stops the estimate from being saved with the project; empty when it agrees (or when
 * there are no rows: the estimate is optional). */
export function costProblems(rows: readonly CostRow[], project: ProjectAmounts): CostProblem[] {
  if (rows.length === 0) return [];
  const problems: CostProblem[] = [];
  rows.forEach((r, i) => {
    const amount = lineAmount(r);
    if (amount === null) problems.push({ kind: 'fraction', row: i + 1 });
    else if (num(r.support_vnd) > amount) problems.push({ kind: 'supportAbove', row: i + 1, support: num(r.support_vnd), amount });
  });
  const totals = costTotals(rows);
  for (const field of ['total_cost_vnd', 'requested_support_vnd', 'counterpart_vnd'] as const) {
    if (totals[field] !== num(project[field])) problems.push({ kind: 'mismatch', field, lines: totals[field], project: num(project[field]) });
  }
  const cap = Math.floor((num(project.requested_support_vnd) * MANAGEMENT_CAP_PER_MILLE) / 1000);
  if (totals.management_vnd > cap) problems.push({ kind: 'managementOver', amount: totals.management_vnd, cap });
  return problems;
}

/** The rows as the API takes them; null when there are none (no estimate). */
export function toCostLines(rows: readonly CostRow[]): CostLine[] | null {
  if (rows.length === 0) return null;
  return rows.map((r) => ({
    item: r.item.trim(),
    unit: r.unit.trim(),
    quantity: num(r.quantity),
    unit_price_vnd: num(r.unit_price_vnd),
    support_vnd: num(r.support_vnd),
    counterpart_vnd: num(r.counterpart_vnd),
    is_management: r.is_management,
  }));
}
