import { Group, Stack, Text, Timeline } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { StatusBadge } from '@/components/display';
import { QueryState } from '@/components/QueryState';
import { formatBytes, formatDate, formatDateTime, formatVnd } from '@/lib/format';
import { useProjectHistory, type ProjectEvent } from '../api/projects';
import { useKpis } from '../api/kpis';
import { formatKpiValue, kpiName } from './KpiEditor';

// Payload keys that are plumbing (ids, keys, nested budget records, plan versions), not for people.
const HIDDEN = new Set([
  'idempotency_key',
  'commitment_id',
  'commitment',
  'disbursement',
  'planned_kpis',
  'code',
  'change_request_id',
  'document_id',
  'plan_id',
  'plan_version',
]);
const CHANGE_ACTIONS = new Set(['change_request', 'change_approved', 'change_rejected']);
const ENUMS: Record<string, string> = { recommendation: 'recommendation', funding_source: 'fundingSource', level: 'level' };

/** An indicator's code → its name and unit, in the UI language. */
export type KpiNames = Record<string, string>;

function kpiText(t: TFunction, v: unknown, names: KpiNames): string {
  return Object.entries((v ?? {}) as Record<string, unknown>)
    .map(([k, n]) => `${names[k] ?? t(`kpi.${k}`, { defaultValue: k })}: ${formatKpiValue(n)}`)
    .join('; ');
}

/** One value of a project field, as the page shows it (money, dates, KPIs by name; other
 * values as they are): in the history and beside a change request. */
export function valueText(t: TFunction, k: string, v: unknown, names: KpiNames): string {
  if (k.endsWith('_vnd') && typeof v === 'number') return formatVnd(v);
  if ((k.endsWith('_on') || k.endsWith('_date')) && typeof v === 'string') return formatDate(v);
  if (k === 'planned_kpis') return kpiText(t, v, names);
  return typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
}

/** A change request's `changes` (or the values it replaced): "Kinh phí hỗ trợ mới: 130.000.000 ₫; …". */
function changesText(t: TFunction, v: unknown, prefix: 'changes.fields' | 'fields', names: KpiNames): string {
  return Object.entries((v ?? {}) as Record<string, unknown>)
    .filter(([, x]) => x !== null && x !== undefined && x !== '')
    .map(([k, x]) => `${t(`${prefix}.${k}`, { defaultValue: t(`fields.${k}`, { defaultValue: k }) })}: ${valueText(t, k, x, names)}`)
    .join('; ');
}

/** The KPI catalogue's names by code (with their unit), for `valueText`. */
export function useKpiNames(): KpiNames {
  const { i18n } = useTranslation();
  return Object.fromEntries((useKpis().data?.items ?? []).map((k) => [k.code, `${kpiName(k, i18n.language)} (${k.unit})`]));
}

/** The lines under a history item: each payload value with its label, in the UI language. */
export function payloadLines(t: TFunction, p: Record<string, unknown> | null | undefined, names: KpiNames, action?: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const change = action !== undefined && CHANGE_ACTIONS.has(action);
  for (const [k, v] of Object.entries(p ?? {})) {
    if (HIDDEN.has(k) || v === null || v === undefined || v === '') continue;
    if (change && (k === 'number' || k === 'kind' || k === 'changes' || k === 'previous')) {
      const line: [string, string] =
        k === 'number'
          ? [t('changes.number'), String(v)]
          : k === 'kind'
            ? [t('changes.kind'), t(`changes.kindName.${String(v)}`, { defaultValue: String(v) })]
            : k === 'changes'
              ? [t('changes.changesLabel'), changesText(t, v, 'changes.fields', names)]
              : [t('changes.previous'), changesText(t, v, 'fields', names)];
      if (line[1]) out.push(line);
      continue;
    }
    if (action === 'document_uploaded' && k === 'kind') {
      out.push([t('documents.kind'), t(`documents.kinds.${String(v)}`, { defaultValue: String(v) })]);
      continue;
    }
    if (action === 'document_uploaded' && k === 'filename') {
      out.push([t('documents.filename'), String(v)]);
      continue;
    }
    if (action === 'document_uploaded' && (k === 'version' || k === 'size_bytes' || k === 'sha256')) {
      // the hash in full is on the documents tab; its first digits are enough to tell versions apart
      const text = k === 'size_bytes' && typeof v === 'number' ? formatBytes(v) : k === 'sha256' ? `${String(v).slice(0, 12)}…` : String(v);
      out.push([t(k === 'size_bytes' ? 'documents.size' : `documents.${k}`), text]);
      continue;
    }
    let text: string;
    if (k.endsWith('_vnd') && typeof v === 'number') text = formatVnd(v);
    else if ((k.endsWith('_on') || k.endsWith('_date')) && typeof v === 'string') text = formatDate(v);
    else if (k in ENUMS && typeof v === 'string') text = t(`enum.${ENUMS[k]}.${v}`, { defaultValue: v });
    else if (k === 'kpis' || k === 'actual_kpis') text = kpiText(t, v, names);
    else if (k === 'percent_complete' && typeof v === 'number') text = `${v}%`;
    else if (typeof v === 'object') text = JSON.stringify(v);
    else text = String(v);
    if (text) out.push([t(`fields.${k}`, { defaultValue: k }), text]);
  }
  return out;
}

export function ProjectHistoryTimeline({ id }: { id: string }) {
  const { t } = useTranslation();
  const q = useProjectHistory(id);
  const names = useKpiNames();
  return (
    <QueryState query={q} isEmpty={(h) => !h.items.length}>
      {(h) => (
        <Timeline active={h.items.length - 1} bulletSize={18} lineWidth={2} data-testid="project-history">
          {h.items.map((e: ProjectEvent) => (
            <Timeline.Item key={e.id} title={t(`projects.action.${e.action}`, { defaultValue: e.action })} data-testid="history-item" data-action={e.action}>
              {/* the business date first (the document's), then when it was recorded */}
              <Text size="sm" fw={600} data-testid="history-document-date" title={t('bizdates.documentDate')}>
                {formatDate(e.document_date)}
              </Text>
              <Text size="xs" c="dimmed">
                {t('bizdates.recordedAt', { at: formatDateTime(e.at) })} · {e.actor_username ?? e.actor_sub} (
                {t(`enum.role.${e.actor_role}`, { defaultValue: e.actor_role })})
              </Text>
              {e.to_status && e.to_status !== e.from_status && (
                <Group gap={4} mt={2}>
                  <StatusBadge status={e.to_status} />
                </Group>
              )}
              <Stack gap={0} mt={4}>
                {payloadLines(t, e.payload, names, e.action).map(([label, text]) => (
                  <Text key={label} size="xs">
                    <Text span fw={600} size="xs">
                      {label}:
                    </Text>{' '}
                    {text}
                  </Text>
                ))}
              </Stack>
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </QueryState>
  );
}
