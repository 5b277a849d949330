import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { login, shot } from './helpers';

// Each main screen: wait for its data, save a screenshot to e2e-artifacts/, and run axe-core
// (WCAG 2 A/AA); serious and critical violations fail the test. Chart SVGs are left out (recharts
// draws them; their data is also shown as text on the page).
async function audit(page: Page, name: string, problems: string[]) {
  await expect(page.getByTestId('loading-state')).toHaveCount(0);
  await shot(page, name);
  const res = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).exclude('.recharts-wrapper').analyze();
  for (const v of res.violations)
    if (v.impact === 'serious' || v.impact === 'critical') problems.push(`${name} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const LISTS: Array<{ name: string; path: string; ready: string; detail?: string }> = [
  { name: 'dashboard', path: '/?year=2018', ready: 'dashboard-data' },
  { name: 'enterprises', path: '/enterprises', ready: 'enterprises-table', detail: 'enterprise-detail' },
  { name: 'craft-villages', path: '/craft-villages', ready: 'craft-villages-table', detail: 'craft-village-detail' },
  { name: 'typical-products', path: '/typical-products', ready: 'typical-products-table', detail: 'typical-product-detail' },
  { name: 'projects', path: '/projects?fiscal_year=2018', ready: 'projects-table', detail: 'project-detail' },
  { name: 'budget-summary', path: '/budget?year=2018&tab=summary', ready: 'budget-summary-totals' },
  { name: 'budget-appropriations', path: '/budget?year=2018&tab=appropriations', ready: 'appropriations-table' },
  { name: 'budget-allocations', path: '/budget?year=2018&tab=allocations', ready: 'allocations-table' },
  { name: 'budget-programs', path: '/budget?year=2018&tab=programs', ready: 'programs-table' },
  { name: 'budget-ledger', path: '/budget?year=2018&tab=ledger', ready: 'ledger-table' },
  { name: 'users', path: '/admin/users', ready: 'users-table' },
  { name: 'audit', path: '/admin/audit', ready: 'audit-table' },
];

test('login screen: screenshot and no serious accessibility violations', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByTestId('login-form')).toBeVisible();
  const problems: string[] = [];
  await audit(page, 'login', problems);
  expect(problems).toEqual([]);
});

test('main screens and their detail pages: screenshots and no serious accessibility violations', async ({ page }) => {
  test.setTimeout(120_000);
  await login(page, 'admin');
  const problems: string[] = [];
  for (const s of LISTS) {
    await page.goto(s.path);
    await expect(page.getByTestId(s.ready)).toBeVisible();
    if (s.ready.endsWith('-table')) await expect(page.getByTestId(s.ready).getByTestId('table-row').first()).toBeVisible();
    await audit(page, s.name, problems);
    if (s.detail) {
      await page.getByTestId(s.ready).getByRole('link').first().click();
      await expect(page.getByTestId(s.detail)).toBeVisible();
      await audit(page, s.detail, problems);
    }
  }
  // The ledger's hash chain verifies.
  await page.goto('/budget?year=2018&tab=ledger');
  await page.getByTestId('ledger-verify').click();
  await expect(page.getByTestId('ledger-verify-result')).toContainText('Toàn vẹn');
  expect(problems).toEqual([]);
});

test('forms and dialogs: no serious accessibility violations', async ({ page }) => {
  await login(page, 'officer');
  const problems: string[] = [];
  await page.goto('/enterprises/new');
  await expect(page.getByTestId('enterprise-form')).toBeVisible();
  await audit(page, 'enterprise-form', problems);
  await page.goto('/projects/new');
  await expect(page.getByTestId('project-form')).toBeVisible();
  await audit(page, 'project-form', problems);
  await page.goto('/enterprises');
  await page.getByTestId('import-open').click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await audit(page, 'import-dialog', problems);
  expect(problems).toEqual([]);
});
