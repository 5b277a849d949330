import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { login, shot } from './helpers';

const SCREENS: Array<{ name: string; path: string; ready: string }> = [
  { name: 'dashboard', path: '/', ready: 'dashboard-data' },
  { name: 'enterprises', path: '/enterprises', ready: 'enterprises-table' },
  { name: 'craft-villages', path: '/craft-villages', ready: 'craft-villages-table' },
  { name: 'typical-products', path: '/typical-products', ready: 'typical-products-table' },
  { name: 'projects', path: '/projects', ready: 'projects-table' },
  { name: 'budget', path: '/budget', ready: 'budget-page' },
  { name: 'budget-ledger', path: '/budget?tab=ledger', ready: 'ledger-table' },
  { name: 'users', path: '/admin/users', ready: 'users-table' },
  { name: 'audit', path: '/admin/audit', ready: 'audit-table' },
];

test('login screen: screenshot and no serious accessibility violations', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByTestId('login-form')).toBeVisible();
  await shot(page, 'login');
  const res = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const bad = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});

test('main screens: screenshots and no serious accessibility violations', async ({ page }) => {
  test.setTimeout(180_000);
  await login(page, 'admin');
  const problems: string[] = [];
  for (const s of SCREENS) {
    await page.goto(s.path);
    await expect(page.getByTestId(s.ready)).toBeVisible();
    await expect(page.getByTestId('loading-state')).toHaveCount(0);
    await shot(page, s.name);
    const res = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).exclude('.recharts-wrapper').analyze();
    for (const v of res.violations)
      if (v.impact === 'serious' || v.impact === 'critical') problems.push(`${s.name} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }
  // Detail pages of the first rows.
  for (const [list, detail] of [
    ['/enterprises', 'enterprise-detail'],
    ['/projects', 'project-detail'],
  ] as const) {
    await page.goto(list);
    const first = page.getByRole('table').getByRole('link').first();
    if (await first.isVisible().catch(() => false)) {
      await first.click();
      await expect(page.getByTestId(detail)).toBeVisible();
      await shot(page, detail);
    }
  }
  expect(problems).toEqual([]);
});
