import { Code, Text, Timeline } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { StatusBadge } from '@/components/bits';
import { QueryState } from '@/components/QueryState';
import { formatDateTime, formatVnd } from '@/lib/format';
import { useProjectHistory, type ProjectEvent } from '../api/projects';

function payloadText(p: Record<string, unknown> | null | undefined): string[] {
  if (!p) return [];
  return Object.entries(p)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${k}: ${k.endsWith('_vnd') && typeof v === 'number' ? formatVnd(v) : typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
}

export function ProjectHistoryTimeline({ id }: { id: string }) {
  const { t } = useTranslation();
  const q = useProjectHistory(id);
  return (
    <QueryState query={q} isEmpty={(h) => !h.items?.length}>
      {(h) => (
        <Timeline active={h.items.length - 1} bulletSize={18} lineWidth={2} data-testid="project-history">
          {h.items.map((e: ProjectEvent) => (
            <Timeline.Item key={e.id} title={t(`projects.action.${e.action}`, { defaultValue: e.action })} data-testid="history-item">
              <Text size="xs" c="dimmed">
                {formatDateTime(e.occurred_at)} · {e.actor_username ?? e.actor_id ?? '—'}
              </Text>
              <StatusBadge status={e.to_status} />
              {payloadText(e.payload).map((line) => (
                <Code key={line} block mt={4} fz="xs">
                  {line}
                </Code>
              ))}
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </QueryState>
  );
}
