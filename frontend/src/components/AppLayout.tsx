import { ActionIcon, Anchor, AppShell, Burger, Button, Group, NavLink, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconAward, IconBuildingCommunity, IconBuildingFactory2, IconCalendarStats, IconChartBar, IconChecklist, IconCoin, IconFileText, IconHistory, IconLogout, IconMapPin, IconReportAnalytics, IconUsers } from '@tabler/icons-react';
import { Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useAuth } from '@/lib/auth/context';
import { can, type Action } from '@/lib/auth/permissions';
import { LanguageSwitch } from './LanguageSwitch';
import { LoadingState } from './QueryState';

interface Item {
  to: string;
  label: string;
  icon: typeof IconChartBar;
  action?: Action;
  testId: string;
}

/** `headerExtras`: what the app puts beside the user's name (the notification bell). */
export function AppLayout({ headerExtras }: { headerExtras?: ReactNode } = {}) {
  const { t } = useTranslation();
  const { user, logout } = useAuth();
  const [opened, { toggle, close }] = useDisclosure();
  const { pathname } = useLocation();
  const navigate = useNavigate();

  const items: Item[] = [
    { to: '/', label: t('nav.dashboard'), icon: IconChartBar, action: 'dashboard.view', testId: 'nav-dashboard' },
    { to: '/tasks', label: t('tasks.title'), icon: IconChecklist, testId: 'nav-tasks' },
    { to: '/enterprises', label: t('nav.enterprises'), icon: IconBuildingFactory2, testId: 'nav-enterprises' },
    { to: '/craft-villages', label: t('nav.craftVillages'), icon: IconBuildingCommunity, testId: 'nav-craft-villages' },
    { to: '/typical-products', label: t('nav.typicalProducts'), icon: IconAward, testId: 'nav-typical-products' },
    { to: '/projects', label: t('nav.projects'), icon: IconFileText, testId: 'nav-projects' },
    { to: '/plans', label: t('plans.nav'), icon: IconCalendarStats, action: 'plan.view', testId: 'nav-plans' },
    { to: '/budget', label: t('nav.budget'), icon: IconCoin, action: 'budget.ledger', testId: 'nav-budget' },
    { to: '/reports', label: t('reports.title'), icon: IconReportAnalytics, action: 'reports.view', testId: 'nav-reports' },
    { to: '/priority-areas', label: t('nav.priorityAreas'), icon: IconMapPin, action: 'priority.view', testId: 'nav-priority-areas' },
    { to: '/admin/users', label: t('nav.users'), icon: IconUsers, action: 'admin.users', testId: 'nav-users' },
    { to: '/admin/audit', label: t('nav.audit'), icon: IconHistory, action: 'admin.audit', testId: 'nav-audit' },
  ];
  const active = (to: string) => (to === '/' ? pathname === '/' : pathname.startsWith(to));

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" miw={0}>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.toggle')} />
            <Anchor component={Link} to="/" underline="never" c="inherit" miw={0}>
              {/* On a phone the title shrinks and never pushes the buttons off the screen. */}
              <Title order={2} size="h4" fz={{ base: 'md', sm: 'xl' }} style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
                {t('app.title')}
              </Title>
            </Anchor>
          </Group>
          <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
            <LanguageSwitch />
            {user && headerExtras}
            {user && (
              <Stack gap={0} visibleFrom="sm" align="flex-end">
                <Text size="sm" fw={600} data-testid="current-user">
                  {user.full_name || user.username}
                </Text>
                <Text size="xs" c="dimmed" data-testid="current-role">
                  {t(`enum.role.${user.role}`, { defaultValue: user.role })}
                </Text>
              </Stack>
            )}
            <Button
              variant="subtle"
              size="xs"
              visibleFrom="sm"
              leftSection={<IconLogout size={16} aria-hidden />}
              onClick={() => void logout().then(() => navigate('/login'))}
              data-testid="logout"
            >
              {t('auth.logout')}
            </Button>
            <ActionIcon
              variant="subtle"
              hiddenFrom="sm"
              aria-label={t('auth.logout')}
              onClick={() => void logout().then(() => navigate('/login'))}
              data-testid="logout-mobile"
            >
              <IconLogout size={18} aria-hidden />
            </ActionIcon>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('nav.main')}>
        <ScrollArea>
          <nav>
            {items
              .filter((i) => !i.action || can(user, i.action))
              .map((i) => (
                <NavLink
                  key={i.to}
                  component={Link}
                  to={i.to}
                  label={i.label}
                  leftSection={<i.icon size={18} aria-hidden />}
                  active={active(i.to)}
                  aria-current={active(i.to) ? 'page' : undefined}
                  onClick={close}
                  data-testid={i.testId}
                />
              ))}
          </nav>
        </ScrollArea>
      </AppShell.Navbar>
      {/* AppShell.Main is the page's one <main> landmark */}
      <AppShell.Main>
        <Suspense fallback={<LoadingState />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
