import { Alert, Anchor, Badge, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryState } from '@/components/QueryState';
import { formatDate } from '@/lib/format';
import { useTasks, type Task } from '../api/tasks';
import { countOverdue, sortTasks, taskLink } from '../lib/tasks';

/** What a task is about: the project (code and title) or the plan of a year and level. */
function TaskTitle({ task }: { task: Task }) {
  const { t } = useTranslation();
  if (task.title) return <>{task.code ? `${task.code} – ${task.title}` : task.title}</>;
  return <>{t('tasks.planOfYear', { year: task.fiscal_year ?? '', level: t(`plans.levelName.${task.level ?? 'local'}`) })}</>;
}

function Overdue({ task }: { task: Task }) {
  const { t } = useTranslation();
  return task.overdue ? (
    <Badge color="red" size="sm">
      {t('tasks.overdue')}
    </Badge>
  ) : null;
}

/** The caller's work list, overdue first; `limit` shows the first few with a link to the rest. */
export function WorkList({ limit }: { limit?: number }) {
  const { t } = useTranslation();
  const q = useTasks();
  return (
    <Card withBorder data-testid="work-list">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          {t('tasks.title')}
        </Title>
        {q.data && countOverdue(q.data.items) > 0 && (
          <Badge color="red" data-testid="work-list-overdue">
            {t('tasks.overdueCount', { count: countOverdue(q.data.items) })}
          </Badge>
        )}
      </Group>
      <QueryState query={q}>
        {(data) => {
          const all = sortTasks(data.items);
          const shown = limit ? all.slice(0, limit) : all;
          return (
            <Stack gap="xs">
              {(data.warnings ?? []).length > 0 && (
                <Alert color="yellow" icon={<IconAlertTriangle aria-hidden />} data-testid="work-list-warnings">
                  {t('tasks.partial')}{' '}
                  {(data.warnings ?? [])
                    .map((w) => t(`dashboard.service.${w.service}`, { defaultValue: w.service }))
                    .join(', ')}
                </Alert>
              )}
              {all.length === 0 ? (
                <Text c="dimmed" data-testid="work-list-empty">
                  {t('tasks.empty')}
                </Text>
              ) : (
                // On a phone the kind and the due date sit under the title (three columns would
                // push the due date and its overdue badge off the screen).
                <Table.ScrollContainer minWidth={0}>
                  <Table striped highlightOnHover>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th visibleFrom="sm">{t('tasks.kindColumn')}</Table.Th>
                        <Table.Th>{t('tasks.titleColumn')}</Table.Th>
                        <Table.Th visibleFrom="sm">{t('tasks.dueColumn')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {shown.map((task) => (
                        <Table.Tr key={`${task.kind}:${task.project_id ?? task.plan_id ?? `${task.fiscal_year}-${task.level}`}`} data-testid="work-item" data-kind={task.kind} data-overdue={task.overdue}>
                          <Table.Td visibleFrom="sm">{t(`tasks.kind.${task.kind}`)}</Table.Td>
                          <Table.Td>
                            <Anchor component={Link} to={taskLink(task)}>
                              <TaskTitle task={task} />
                            </Anchor>
                            <Group gap={6} mt={4} hiddenFrom="sm" data-testid="work-item-compact">
                              <Text size="xs" c="dimmed">
                                {t(`tasks.kind.${task.kind}`)} · {t('tasks.dueColumn')}: {formatDate(task.due_on)}
                              </Text>
                              <Overdue task={task} />
                            </Group>
                          </Table.Td>
                          <Table.Td visibleFrom="sm">
                            <Group gap={6} wrap="nowrap">
                              <Text size="sm">{formatDate(task.due_on)}</Text>
                              <Overdue task={task} />
                            </Group>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              )}
              <Group justify="space-between">
                <Text size="xs" c="dimmed">
                  {t('tasks.today', { date: formatDate(data.today) })}
                </Text>
                {limit && all.length > limit && (
                  <Anchor component={Link} to="/tasks" size="sm">
                    {t('tasks.seeAll', { count: all.length })}
                  </Anchor>
                )}
              </Group>
            </Stack>
          );
        }}
      </QueryState>
    </Card>
  );
}
