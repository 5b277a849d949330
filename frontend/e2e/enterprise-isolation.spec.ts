import { expect, test } from '@playwright/test';
import { login, loginAs, pick, RUN, shot } from './helpers';

test('an enterprise user sees only its own enterprise, cannot open another, and proposes a project', async ({ page }) => {
  test.setTimeout(90_000);
  // Some other enterprise's address, as an officer sees the registry.
  await login(page, 'officer');
  await page.goto('/enterprises?page_size=50');
  const links = page.getByTestId('enterprises-table').getByRole('link');
  await expect(links.first()).toBeVisible();
  const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));

  // The enterprise user lands on its own enterprise.
  await loginAs(page, 'enterprise');
  await expect(page.getByTestId('enterprise-detail')).toBeVisible();
  const own = new URL(page.url()).pathname;
  expect(own).toMatch(/^\/enterprises\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('nav-dashboard')).toHaveCount(0);
  await shot(page, 'enterprise-user-home');

  // Its list holds its own enterprise only, and no registry write actions.
  await page.goto('/enterprises');
  await expect(page.getByTestId('table-total')).toHaveText('Tổng số: 1');
  const rows = page.getByTestId('enterprises-table').getByRole('link');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('href', own);
  await expect(page.getByTestId('enterprise-create')).toHaveCount(0);
  await expect(page.getByTestId('import-open')).toHaveCount(0);

  // Another enterprise's page is "not found" for this user.
  const other = hrefs.find((h) => h && h !== own);
  expect(other, 'the registry holds another enterprise').toBeTruthy();
  await page.goto(other!);
  await expect(page.getByTestId('error-state')).toContainText('Không tìm thấy');
  await expect(page.getByTestId('enterprise-detail')).toHaveCount(0);

  // It proposes a project for itself and submits it.
  await page.goto('/projects');
  await page.getByTestId('project-create').click();
  const form = page.getByTestId('project-form');
  await expect(form).toBeVisible();
  const title = `Tư vấn thiết kế bao bì E2E ${RUN}`;
  await page.getByTestId('field-title').fill(title);
  await pick(page, 'Nội dung hoạt động', /^Tư vấn$/);
  await page.getByTestId('field-fiscal_year').fill('2020'); // a year the demo program covers
  await page.getByTestId('field-implementing_unit').fill('Doanh nghiệp tự thực hiện');
  await page.getByTestId('field-total_cost_vnd').fill('60000000');
  await page.getByTestId('field-requested_support_vnd').fill('30000000');
  await page.getByTestId('field-counterpart_vnd').fill('30000000');
  await form.getByTestId('submit').click();
  await expect(page.getByTestId('project-detail')).toBeVisible();
  await expect(page.getByTestId('project-status')).toHaveAttribute('data-status', 'draft');
  await expect(page.getByTestId('enterprise-link')).toHaveAttribute('href', own);
  await page.getByTestId('action-submit').click();
  await page.getByTestId('transition-form-submit').getByTestId('transition-submit').click();
  await expect(page.getByTestId('transition-form-submit')).toBeHidden();
  await expect(page.getByTestId('project-status')).toHaveAttribute('data-status', 'submitted');
  // Nothing more for the enterprise to do on a submitted project.
  await expect(page.getByTestId('project-actions').getByRole('button')).toHaveCount(0);

  // Its project list shows its own projects only, the new one among them.
  await page.goto('/projects?q=' + encodeURIComponent(RUN));
  await expect(page.getByTestId('projects-table').getByRole('link', { name: /KC-2020-/ })).toHaveCount(1);
  await shot(page, 'enterprise-user-projects');
});
