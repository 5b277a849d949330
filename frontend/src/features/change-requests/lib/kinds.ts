// The fields each kind of change asks for (the server checks `changes` against the same list and
// names `changes.<field>` in a 422).
import type { ChangeKind } from '../api/changeRequests';

export type ChangeFieldType = 'money' | 'text' | 'textarea' | 'date' | 'enterprise' | 'admin_unit';

export const CHANGE_KINDS: readonly ChangeKind[] = ['budget', 'content', 'schedule', 'beneficiary', 'location'];

export const CHANGE_FIELDS: Record<ChangeKind, ReadonlyArray<{ name: string; type: ChangeFieldType; required?: boolean }>> = {
  // a higher support may need a higher total cost (the policy's limit is a share of it)
  budget: [
    { name: 'approved_support_vnd', type: 'money', required: true },
    { name: 'total_cost_vnd', type: 'money' },
    { name: 'counterpart_vnd', type: 'money' },
  ],
  content: [
    { name: 'title', type: 'text' },
    { name: 'objectives', type: 'textarea' },
    { name: 'expected_outcomes', type: 'textarea' },
  ],
  schedule: [
    { name: 'start_on', type: 'date' },
    { name: 'end_on', type: 'date' },
  ],
  beneficiary: [{ name: 'beneficiary_enterprise_id', type: 'enterprise', required: true }],
  location: [{ name: 'admin_unit_code', type: 'admin_unit', required: true }],
};

/** The `changes` object of a request: the kind's fields that were filled in (trimmed). */
export function changesOf(kind: ChangeKind, values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of CHANGE_FIELDS[kind]) {
    let v = values[f.name];
    if (typeof v === 'string') v = v.trim();
    if (v === '' || v === null || v === undefined) continue;
    out[f.name] = f.type === 'money' ? Number(v) : v;
  }
  return out;
}

/** Change requests newest first, pending ones before decided ones. */
export function sortRequests<T extends { status: string; requested_at: string }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => Number(b.status === 'pending') - Number(a.status === 'pending') || b.requested_at.localeCompare(a.requested_at));
}

