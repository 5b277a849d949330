// How an audit event reads to an official: "Phê duyệt đề án", a link to the project. The server
// derives `action`, `record_type` and `record_id`; this only words them.
import type { TFunction } from 'i18next';

export interface DescribedEvent {
  kind: string;
  action: string;
  record_type?: string | null;
  record_id?: string | null;
  status?: number | null;
}

function phrases(t: TFunction, key: string): Record<string, string> {
  const found = t(key, { returnObjects: true }) as unknown;
  return found && typeof found === 'object' ? (found as Record<string, string>) : {};
}

/** The action in words; an action without a phrase of its own reads "Thao tác trên <record type>". */
export function actionPhrase(t: TFunction, e: DescribedEvent): string {
  const action = phrases(t, 'auditLog.actions')[e.action];
  if (action) return action;
  const kind = phrases(t, 'audit.kinds')[e.action] ?? phrases(t, 'audit.kinds')[e.kind];
  if (e.record_type) {
    const record = phrases(t, 'auditLog.recordTypes')[e.record_type] ?? e.record_type;
    return t('auditLog.genericAction', { record: record.toLocaleLowerCase() });
  }
  return kind ?? e.action;
}

export function recordTypeLabel(t: TFunction, type: string): string {
  return phrases(t, 'auditLog.recordTypes')[type] ?? type;
}

/** Where the record is seen in the app, or null if it has no page of its own. */
export function recordHref(e: Pick<DescribedEvent, 'record_type' | 'record_id'>): string | null {
  const id = e.record_id;
  if (!id) return e.record_type === 'user' ? '/admin/users' : null;
  switch (e.record_type) {
    case 'project':
      return `/projects/${id}`;
    case 'enterprise':
      return `/enterprises/${id}`;
    case 'craft_village':
      return `/craft-villages/${id}`;
    case 'typical_product':
      return `/typical-products/${id}`;
    case 'budget_year':
      return `/budget?year=${id}`;
    case 'user':
      return '/admin/users';
    default:
      return null;
  }
}

/** A failed request (4xx/5xx) did not change the record. */
export function failed(e: Pick<DescribedEvent, 'status' | 'kind'>): boolean {
  return (e.status ?? 0) >= 400 || e.kind.endsWith('_failed');
}
