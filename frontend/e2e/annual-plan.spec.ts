import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { loginAs, pick, PASSWORD, RUN, shot } from './helpers';

// The plan of 2021 at the national level: its money (a national appropriation and allocation)
// and one appraised project are set up through the API each run; the plan itself is built,
// submitted and approved through the UI. There is one plan per year and level, so a later run
// finds it and takes it through a revision (version 2, 3, …) instead.
const YEAR = 2021;
const SUPPORT = 120_000_000;

async function headers(request: APIRequestContext, username: string) {
  const r = await request.post('/api/v1/auth/token', { form: { grant_type: 'password', username, password: PASSWORD } });
  expect(r.ok()).toBeTruthy();
  return { Authorization: `Bearer ${(await r.json()).access_token}` };
}

async function ok(response: Promise<import('@playwright/test').APIResponse>) {
  const r = await response;
  expect(r.ok(), await r.text()).toBeTruthy();
  return r.json();
}

/** Money for national technology transfer in 2021 and an appraised national project asking for it. */
async function setUp(request: APIRequestContext): Promise<{ code: string; id: string }> {
  const manager = await headers(request, 'manager');
  const finance = await headers(request, 'finance');
  const officer = await headers(request, 'officer');
  const programs = await ok(request.get('/api/v1/budget/programs?page_size=200', { headers: manager }));
  if (!programs.items.some((p: { start_year: number; end_year: number }) => p.start_year <= YEAR && YEAR <= p.end_year)) {
    await ok(
      request.post('/api/v1/budget/programs', {
        headers: manager,
        data: { code: 'BD-KC-2021-2025', name: 'Chương trình Khuyến công tỉnh Bình Dương giai đoạn 2021–2025', start_year: 2021, end_year: 2025, planned_annual_vnd: 6_000_000_000, advance_cap_percent: 70 },
      }),
    );
  }
  await ok(
    request.post(`/api/v1/budget/years/${YEAR}/appropriations`, {
      headers: { ...finance, 'Idempotency-Key': `plan-e2e-app-${RUN}` },
      data: { funding_source: 'national', amount_vnd: SUPPORT, decision_number: `QĐ-KH-${RUN}` },
    }),
  );
  await ok(
    request.post(`/api/v1/budget/years/${YEAR}/allocations`, {
      headers: { ...manager, 'Idempotency-Key': `plan-e2e-alloc-${RUN}` },
      data: { category: 'technology_transfer', funding_source: 'national', amount_vnd: SUPPORT },
    }),
  );
  const project = await ok(
    request.post('/api/v1/projects', {
      headers: officer,
      data: {
        title: `Máy sấy nông sản – kế hoạch ${RUN}`,
        activity_type: 'machinery_application',
        level: 'national',
        fiscal_year: YEAR,
        implementing_unit: 'Trung tâm Khuyến công Bình Dương',
        start_on: '2021-03-01',
        end_on: '2021-11-30',
        total_cost_vnd: 2 * SUPPORT,
        requested_support_vnd: SUPPORT,
        counterpart_vnd: SUPPORT,
      },
    }),
  );
  await ok(request.post(`/api/v1/projects/${project.id}/submit`, { headers: officer, data: {} }));
  await ok(
    request.post(`/api/v1/projects/${project.id}/appraisal`, {
      headers: officer,
      data: { score: 85, recommendation: 'approve', recommended_support_vnd: SUPPORT, notes: 'Đạt' },
    }),
  );
  return { code: project.code, id: project.id };
}

async function openPlan(page: Page): Promise<string> {
  await page.goto('/plans');
  const table = page.getByTestId('plans-table');
  await expect(table).toBeVisible();
  await expect(page.getByTestId('loading-state')).toHaveCount(0);
  const row = table.getByRole('row').filter({ has: page.getByRole('cell', { name: String(YEAR), exact: true }) }).filter({ hasText: 'Quốc gia' });
  if (await row.count()) {
    await row.getByRole('link').first().click();
  } else {
    await page.getByTestId('plan-create').click();
    const form = page.getByTestId('plan-create-form');
    await pick(page, 'Năm kế hoạch', String(YEAR), form);
    await pick(page, 'Cấp', 'Quốc gia', form);
    await form.getByTestId('submit').click();
  }
  await expect(page.getByTestId('plan-detail')).toBeVisible();
  return page.url();
}

test('an officer builds the national plan of 2021 and the manager approves it', async ({ page }) => {
  test.setTimeout(150_000);
  const project = await setUp(page.request);

  // The officer opens (or starts) the plan; an earlier run's plan is taken back to a draft.
  await loginAs(page, 'officer');
  const planUrl = await openPlan(page);
  const status = page.getByTestId('plan-status');
  if ((await status.getAttribute('data-status')) === 'approved') await page.getByTestId('plan-revise').click();
  if ((await status.getAttribute('data-status')) === 'submitted') await page.getByTestId('plan-return').click();
  await expect(status).toHaveAttribute('data-status', 'draft');

  // The appraised project is offered, ranked with the others; including it moves the fit at once.
  await page.getByRole('button', { name: `Đưa đề án ${project.code} vào kế hoạch` }).click();
  await expect(page.getByTestId('plan-items').getByRole('row').filter({ hasText: project.code })).toBeVisible();
  const line = page.getByTestId('plan-fit-row').filter({ hasText: 'Ứng dụng, chuyển giao công nghệ' });
  await expect(line).toBeVisible();
  await shot(page, 'plan-builder');

  // Excluding it and including it again: the fit follows both ways.
  await page.getByRole('button', { name: `Bỏ đề án ${project.code} khỏi kế hoạch` }).click();
  await expect(page.getByTestId('plan-items').getByRole('row').filter({ hasText: project.code })).toHaveCount(0);
  await page.getByRole('button', { name: `Đưa đề án ${project.code} vào kế hoạch` }).click();
  await expect(page.getByTestId('plan-items').getByRole('row').filter({ hasText: project.code })).toBeVisible();
  await expect(line).toHaveAttribute('data-fits', 'true');

  await page.getByTestId('plan-submit').click();
  await expect(status).toHaveAttribute('data-status', 'submitted');

  // The manager sees the plan on the work list, opens it and approves it with the decision.
  await loginAs(page, 'manager');
  await expect(page.getByTestId('work-list')).toBeVisible();
  await page.goto(planUrl);
  await page.getByTestId('plan-approve').click();
  const form = page.getByTestId('plan-approve-form');
  await form.getByRole('textbox', { name: 'Số quyết định' }).fill(`QĐ-KH-${RUN}`);
  await form.getByRole('textbox', { name: 'Ngày quyết định' }).fill('15/05/2021');
  await form.getByTestId('submit').click();
  await expect(form).toBeHidden();
  await expect(status).toHaveAttribute('data-status', 'approved');
  await expect(page.getByTestId('plan-decision')).toContainText(`QĐ-KH-${RUN}`);
  await expect(page.getByTestId('plan-decision')).toContainText('15/05/2021');
  await shot(page, 'plan-approved');

  // The project is approved with its recommended support.
  await page.goto(`/projects/${project.id}`);
  await expect(page.getByTestId('project-status')).toHaveAttribute('data-status', 'approved');
});
