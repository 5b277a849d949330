import { ActionIcon, Badge, Button, Divider, Indicator, Popover, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { formatDate } from '@/lib/format';
import { useMarkRead, useNotifications } from '../api/tasks';
import { taskLink } from '../lib/tasks';

/** The header's bell: the unread count, and the latest notifications (unread first); opening
 * one marks it read and goes to its project or plan. */
export function NotificationBell() {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const q = useNotifications(false);
  const markRead = useMarkRead();
  const navigate = useNavigate();
  const unread = q.data?.unread ?? 0;
  return (
    // The Indicator wraps the whole Popover, so the target (which gets aria-haspopup and
    // aria-expanded) is the button itself, not the Indicator's div.
    <Indicator label={unread > 99 ? '99+' : unread} size={16} color="red" disabled={unread === 0} offset={4}>
      <Popover opened={opened} onChange={setOpened} position="bottom-end" width={360} shadow="md">
        <Popover.Target>
          <ActionIcon
            variant="subtle"
            size="lg"
            aria-label={unread ? t('notifications.bellUnread', { count: unread }) : t('notifications.bell')}
            onClick={() => setOpened((o) => !o)}
            data-testid="notification-bell"
            data-unread={unread}
          >
            <IconBell size={20} aria-hidden />
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown data-testid="notification-list">
          <ScrollArea.Autosize mah={400}>
            <Stack gap={4}>
              {(q.data?.items ?? []).length === 0 && (
                <Text size="sm" c="dimmed">
                  {t('notifications.empty')}
                </Text>
              )}
              {(q.data?.items ?? []).map((n) => (
                <UnstyledButton
                  key={n.id}
                  p={6}
                  style={{ borderRadius: 4, background: n.read_at ? undefined : 'var(--mantine-color-blue-light)' }}
                  data-testid="notification-item"
                  onClick={() => {
                    if (!n.read_at) markRead.mutate(n.id);
                    setOpened(false);
                    void navigate(taskLink(n));
                  }}
                >
                  <Text size="sm" fw={n.read_at ? 400 : 600}>
                    {t(`tasks.kind.${n.kind}`)}
                    {n.overdue && (
                      <Badge ml={6} size="xs" color="red">
                        {t('tasks.overdue')}
                      </Badge>
                    )}
                  </Text>
                  <Text size="xs">{n.code ? `${n.code} – ${n.title}` : n.title || t('tasks.planOfYear', { year: n.fiscal_year ?? '', level: t(`plans.levelName.${n.level ?? 'local'}`) })}</Text>
                  <Text size="xs" c="dimmed">
                    {t('tasks.due', { date: formatDate(n.due_on) })}
                  </Text>
                </UnstyledButton>
              ))}
            </Stack>
          </ScrollArea.Autosize>
          <Divider my="xs" />
          <Button component={Link} to="/tasks" variant="subtle" size="xs" fullWidth onClick={() => setOpened(false)}>
            {t('notifications.all')}
          </Button>
        </Popover.Dropdown>
      </Popover>
    </Indicator>
  );
}
