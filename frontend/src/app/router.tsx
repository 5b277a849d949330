// Every screen is a lazy route: the entry bundle holds only the shell, auth and i18n.
import { createBrowserRouter, type RouteObject } from 'react-router';
import { AppLayout } from '@/components/AppLayout';
import { LoadingState } from '@/components/QueryState';
import { RequireAuth } from '@/components/RequireAuth';
import type { Action } from '@/lib/auth/permissions';
import { RouteError } from '@/components/RouteError';
import { NotificationBell } from '@/features/tasks/routes';

type Module = Record<string, React.ComponentType>;
/** A lazy screen; with `action`, shown only to those allowed it (a 403 page for the rest: a
 * viewer typing /projects/new saw the whole form, refused only at "Lưu"). */
const page = (load: () => Promise<Module>, name: string, action?: Action): Pick<RouteObject, 'lazy'> => ({
  lazy: async () => {
    const Screen = (await load())[name];
    if (!Screen || !action) return { Component: Screen };
    return {
      Component: () => (
        <RequireAuth action={action}>
          <Screen />
        </RequireAuth>
      ),
    };
  },
});

export const routes: RouteObject[] = [
  { path: '/login', errorElement: <RouteError />, hydrateFallbackElement: <LoadingState />, ...page(() => import('@/features/auth/routes/LoginPage'), 'LoginPage') },
  {
    path: '/',
    element: (
      <RequireAuth>
        <AppLayout headerExtras={<NotificationBell />} />
      </RequireAuth>
    ),
    errorElement: <RouteError />,
    hydrateFallbackElement: <LoadingState />,
    children: [
      { index: true, ...page(() => import('@/features/dashboard/routes/DashboardPage'), 'DashboardPage') },
      { path: 'tasks', ...page(() => import('@/features/tasks/routes/TasksPage'), 'TasksPage') },
      { path: 'plans', ...page(() => import('@/features/plans/routes/PlanListPage'), 'PlanListPage') },
      { path: 'plans/:id', ...page(() => import('@/features/plans/routes/PlanDetailPage'), 'PlanDetailPage') },
      { path: 'enterprises', ...page(() => import('@/features/enterprises/routes/EnterpriseListPage'), 'EnterpriseListPage') },
      { path: 'enterprises/new', ...page(() => import('@/features/enterprises/routes/EnterpriseEditPage'), 'EnterpriseCreatePage', 'registry.create') },
      { path: 'enterprises/:id', ...page(() => import('@/features/enterprises/routes/EnterpriseDetailPage'), 'EnterpriseDetailPage') },
      { path: 'enterprises/:id/edit', ...page(() => import('@/features/enterprises/routes/EnterpriseEditPage'), 'EnterpriseEditPage') },
      { path: 'craft-villages', ...page(() => import('@/features/craft-villages/routes/CraftVillageListPage'), 'CraftVillageListPage') },
      { path: 'craft-villages/new', ...page(() => import('@/features/craft-villages/routes/CraftVillageEditPage'), 'CraftVillageCreatePage', 'registry.create') },
      { path: 'craft-villages/:id', ...page(() => import('@/features/craft-villages/routes/CraftVillageDetailPage'), 'CraftVillageDetailPage') },
      { path: 'craft-villages/:id/edit', ...page(() => import('@/features/craft-villages/routes/CraftVillageEditPage'), 'CraftVillageEditPage') },
      { path: 'typical-products', ...page(() => import('@/features/typical-products/routes/TypicalProductListPage'), 'TypicalProductListPage') },
      { path: 'typical-products/new', ...page(() => import('@/features/typical-products/routes/TypicalProductEditPage'), 'TypicalProductCreatePage', 'registry.create') },
      { path: 'typical-products/:id', ...page(() => import('@/features/typical-products/routes/TypicalProductDetailPage'), 'TypicalProductDetailPage') },
      { path: 'typical-products/:id/edit', ...page(() => import('@/features/typical-products/routes/TypicalProductEditPage'), 'TypicalProductEditPage') },
      { path: 'projects', ...page(() => import('@/features/projects/routes/ProjectListPage'), 'ProjectListPage') },
      { path: 'projects/new', ...page(() => import('@/features/projects/routes/ProjectEditPage'), 'ProjectCreatePage', 'project.create') },
      { path: 'projects/:id', ...page(() => import('@/features/projects/routes/ProjectDetailPage'), 'ProjectDetailPage') },
      { path: 'projects/:id/edit', ...page(() => import('@/features/projects/routes/ProjectEditPage'), 'ProjectEditPage') },
      { path: 'budget', ...page(() => import('@/features/budget/routes/BudgetPage'), 'BudgetPage') },
      { path: 'reports', ...page(() => import('@/features/reports/routes/ReportsPage'), 'ReportsPage') },
      { path: 'priority-areas', ...page(() => import('@/features/priority-areas/routes/PriorityAreasPage'), 'PriorityAreasPage') },
      { path: 'admin/users', ...page(() => import('@/features/users/routes/UsersPage'), 'UsersPage') },
      { path: 'admin/audit', ...page(() => import('@/features/audit/routes/AuditPage'), 'AuditPage') },
      { path: '*', element: <RouteError notFound /> },
    ],
  },
];

export const router = createBrowserRouter(routes);
