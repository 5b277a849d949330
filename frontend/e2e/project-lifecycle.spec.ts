import { expect, test, type Page } from '@playwright/test';
import { dashboardFigure, fillMoney, loginAs, pick, RUN, shot } from './helpers';

// The demo program covers 2016–2020 and some of its lines are nearly spent, so the test funds its
// own year: a 2021–2025 program (created once), then a fresh appropriation and allocation per run.
const YEAR = 2021;
const SUPPORT = 200_000_000;
const APPROPRIATION = 500_000_000;
const ALLOCATION = 300_000_000;

async function transition(page: Page, projectUrl: string, action: string, fill?: () => Promise<void>) {
  await page.goto(projectUrl);
  await page.getByTestId(`action-${action}`).click();
  const form = page.getByTestId(`transition-form-${action}`);
  await expect(form).toBeVisible();
  if (fill) await fill();
  await form.getByTestId('transition-submit').click();
  await expect(form).toBeHidden();
}

async function status(page: Page, value: string) {
  await expect(page.getByTestId('project-status')).toHaveAttribute('data-status', value);
}

test('a 2021 project goes draft → settled through the UI and the dashboard follows', async ({ page }) => {
  test.setTimeout(150_000);

  // The manager opens the 2021–2025 program if no program covers 2021 yet.
  await loginAs(page, 'manager');
  const before = {
    appropriated: await dashboardFigure(page, 'total-appropriated', YEAR),
    committed: await dashboardFigure(page, 'total-committed', YEAR),
    disbursed: await dashboardFigure(page, 'total-disbursed', YEAR),
  };
  await page.goto(`/budget?year=${YEAR}&tab=programs`);
  const programs = page.getByTestId('programs-table');
  await expect(programs).toBeVisible();
  await expect(page.getByTestId('loading-state')).toHaveCount(0);
  const period = programs.getByRole('cell', { name: '2021–2025', exact: true });
  if (!(await period.count())) {
    await page.getByTestId('program-add').click();
    const form = page.getByTestId('program-form');
    await form.getByRole('textbox', { name: 'Mã' }).fill('BD-KC-2021-2025');
    await form.getByRole('textbox', { name: 'Tên' }).fill('Chương trình Khuyến công tỉnh Bình Dương giai đoạn 2021–2025');
    await form.getByRole('textbox', { name: 'Năm bắt đầu' }).fill('2021');
    await form.getByRole('textbox', { name: 'Năm kết thúc' }).fill('2025');
    await fillMoney(form, 'Kinh phí kế hoạch/năm', 6_000_000_000);
    await form.getByTestId('submit').click();
    await expect(form).toBeHidden();
    await expect(period).toBeVisible();
  }

  // Finance appropriates money for 2021; the manager allocates part of it to the category.
  await loginAs(page, 'finance');
  await page.goto(`/budget?year=${YEAR}&tab=appropriations`);
  await page.getByTestId('appropriation-add').click();
  const appropriation = page.getByTestId('appropriation-form');
  await fillMoney(appropriation, 'Số tiền', APPROPRIATION);
  await appropriation.getByRole('textbox', { name: 'Số quyết định' }).fill(`QĐ-E2E-${RUN}`);
  await appropriation.getByTestId('submit').click();
  await expect(appropriation).toBeHidden();
  await expect(page.getByTestId('appropriations-table').getByText(`QĐ-E2E-${RUN}`)).toBeVisible();

  await loginAs(page, 'manager');
  await page.goto(`/budget?year=${YEAR}&tab=allocations`);
  await page.getByTestId('allocation-add').click();
  const allocation = page.getByTestId('allocation-form');
  await pick(page, 'Nhóm nội dung', 'Ứng dụng, chuyển giao công nghệ', allocation);
  await fillMoney(allocation, 'Số tiền', ALLOCATION);
  await allocation.getByTestId('submit').click();
  await expect(allocation).toBeHidden();
  await shot(page, 'budget-allocations');

  // The officer drafts the project.
  await loginAs(page, 'officer');
  await page.goto('/projects/new');
  const title = `Hỗ trợ máy móc E2E ${RUN}`;
  await page.getByTestId('field-title').fill(title);
  await pick(page, 'Nội dung hoạt động', 'Ứng dụng máy móc tiên tiến');
  await page.getByTestId('field-fiscal_year').fill(String(YEAR));
  await page.getByTestId('field-implementing_unit').fill('Trung tâm Khuyến công và Tư vấn phát triển công nghiệp');
  await page.getByTestId('field-total_cost_vnd').fill(String(2 * SUPPORT));
  await page.getByTestId('field-requested_support_vnd').fill(String(SUPPORT));
  await page.getByTestId('field-counterpart_vnd').fill(String(SUPPORT));
  await page.getByTestId('project-form').getByTestId('submit').click();
  await expect(page.getByTestId('project-detail')).toBeVisible();
  await status(page, 'draft');
  const projectUrl = new URL(page.url()).pathname;
  await shot(page, 'project-draft');

  await transition(page, projectUrl, 'submit');
  await status(page, 'submitted');
  await transition(page, projectUrl, 'appraisal', async () => {
    await page.getByTestId('field-score').fill('85');
  });
  await status(page, 'appraised');

  await loginAs(page, 'manager');
  await transition(page, projectUrl, 'approval', async () => {
    await page.getByTestId('field-decision_number').fill(`QĐ-PD-${RUN}`);
  });
  await status(page, 'approved');
  await expect(page.getByTestId('money-approved')).toContainText('200.000.000');

  await loginAs(page, 'officer');
  await transition(page, projectUrl, 'start');
  await status(page, 'in_progress');

  await loginAs(page, 'finance');
  await transition(page, projectUrl, 'advances', async () => {
    await page.getByTestId('field-amount_vnd').fill(String(SUPPORT / 2));
    await page.getByTestId('field-reference').fill(`UNC-${RUN}-1`);
  });
  await expect(page.getByTestId('money-advanced')).toContainText('100.000.000');
  await expect(page.getByTestId('money-disbursed')).toContainText('100.000.000');

  await loginAs(page, 'officer');
  await transition(page, projectUrl, 'progress-reports', async () => {
    await page.getByTestId('field-percent_complete').fill('100');
  });
  await transition(page, projectUrl, 'acceptance', async () => {
    await page.getByTestId('field-record_number').fill(`BB-NT-${RUN}`);
  });
  await status(page, 'accepted');

  await loginAs(page, 'finance');
  await transition(page, projectUrl, 'settlement', async () => {
    await page.getByTestId('field-reference').fill(`UNC-${RUN}-2`);
  });
  await status(page, 'settled');
  await expect(page.getByTestId('money-disbursed')).toContainText('200.000.000');
  // Every step is in the history: create, submit, appraisal, approval, start, advance, progress
  // report, acceptance, settlement.
  await expect(page.getByTestId('history-item')).toHaveCount(9);
  await shot(page, 'project-settled');

  // The dashboard moved by the money this test put in and spent.
  expect(await dashboardFigure(page, 'total-appropriated', YEAR)).toBeGreaterThanOrEqual(before.appropriated + APPROPRIATION);
  expect(await dashboardFigure(page, 'total-committed', YEAR)).toBeGreaterThanOrEqual(before.committed + SUPPORT);
  expect(await dashboardFigure(page, 'total-disbursed', YEAR)).toBeGreaterThanOrEqual(before.disbursed + SUPPORT);
  await shot(page, 'dashboard-2021');
});
