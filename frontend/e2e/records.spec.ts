import { expect, test, type Locator, type Page } from '@playwright/test';
import { fillMoney, login, loginAs, pick, pickSearch, RUN, shot, uniqueTaxCode } from './helpers';

// Records officials can trust: dates are typed day first and saved as typed, Enter in a date field
// submits nothing, out-of-range numbers are refused instead of clamped, and the budget page and
// the dashboard open on the same year. Every value is typed as a person types it and read back
// from the API.

/** GET an API path with the signed-in user's token (what the web app itself would read). */
async function apiGet<T>(page: Page, path: string): Promise<{ status: number; body: T }> {
  return page.evaluate(async (p) => {
    const raw = sessionStorage.getItem('kc.auth');
    const token = raw ? (JSON.parse(raw) as { access_token: string }).access_token : '';
    const r = await fetch(p, { headers: { Authorization: `Bearer ${token}` } });
    return { status: r.status, body: await r.json() };
  }, path);
}

/** Empties a date field and types `ddmmyyyy` text into it key by key, then tabs away. */
async function typeDate(field: Locator, text: string) {
  await field.fill('');
  await field.pressSequentially(text);
  await field.press('Tab');
}

interface ProjectOut {
  id: string;
  code: string;
  status: string;
  appraisal_score: number | null;
  decision_date: string | null;
  accepted_on: string | null;
  settled_on: string | null;
}

test('enterprise form: 01/02/2014 is saved as 1 February 2014; 31/02/2020 is refused; Enter in the date field creates nothing', async ({ page }) => {
  await login(page, 'officer');
  await page.goto('/enterprises/new');
  const form = page.getByTestId('enterprise-form');
  const tax = uniqueTaxCode();
  await page.getByTestId('field-name').pressSequentially(`Cơ sở Ngày thành lập E2E ${RUN}`);
  await page.getByTestId('field-tax_code').pressSequentially(tax);
  const date = form.getByRole('textbox', { name: 'Ngày thành lập' });

  // A date that does not exist is refused with a message, not replaced by another one.
  await typeDate(date, '31/02/2020');
  await expect(form.getByText(/Ngày không hợp lệ/)).toBeVisible();
  await expect(date).toHaveValue('31/02/2020');

  await typeDate(date, '01/02/2014');
  await expect(date).toHaveValue('01/02/2014');
  await expect(form.getByText(/Ngày không hợp lệ/)).toHaveCount(0);
  await pickSearch(page, /Đơn vị hành chính/, 'Phú Lợi');

  // The form is complete now; Enter in the date field must still not submit it.
  await date.click();
  await date.press('End');
  await date.press('Enter');
  await page.waitForTimeout(1500);
  await expect(form).toBeVisible();
  expect(new URL(page.url()).pathname).toBe('/enterprises/new');
  const none = await apiGet<{ total: number }>(page, `/api/v1/enterprises?q=${tax}`);
  expect(none.body.total).toBe(0);

  await form.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByTestId('enterprise-detail')).toBeVisible();
  const saved = await apiGet<{ items: Array<{ established_on: string | null }> }>(page, `/api/v1/enterprises?q=${tax}`);
  expect(saved.body.items).toHaveLength(1);
  expect(saved.body.items[0]!.established_on).toBe('2014-02-01');
  await expect(page.getByTestId('enterprise-detail')).toContainText('01/02/2014');
});

test('a 2020 project: score 120 refused, dates typed day first through approval, acceptance and settlement', async ({ page }) => {
  test.setTimeout(180_000);
  const notFound: string[] = [];
  page.on('response', (r) => {
    if (r.status() === 404 && r.url().includes('/history')) notFound.push(r.url());
  });

  // Money for this run in 2020 (the demo program 2016–2020 covers it).
  await loginAs(page, 'finance');
  await page.goto('/budget?year=2020&tab=appropriations');
  await page.getByTestId('appropriation-add').click();
  const appropriation = page.getByTestId('appropriation-form');
  await fillMoney(appropriation, 'Số tiền', 50_000_000);
  await appropriation.getByRole('textbox', { name: 'Số quyết định' }).fill(`QĐ-NGAY-${RUN}`);
  await appropriation.getByTestId('submit').click();
  await expect(appropriation).toBeHidden();

  await loginAs(page, 'manager');
  await page.goto('/budget?year=2020&tab=allocations');
  await page.getByTestId('allocation-add').click();
  const allocation = page.getByTestId('allocation-form');
  await pick(page, 'Nhóm nội dung', 'Ứng dụng, chuyển giao công nghệ', allocation);
  await fillMoney(allocation, 'Số tiền', 50_000_000);
  await allocation.getByTestId('submit').click();
  await expect(allocation).toBeHidden();

  await loginAs(page, 'officer');
  await page.goto('/projects/new');
  await page.getByTestId('field-title').pressSequentially(`Máy sấy nông sản E2E ${RUN}`);
  await pick(page, 'Nội dung hoạt động', 'Ứng dụng máy móc tiên tiến');
  await page.getByTestId('field-fiscal_year').fill('');
  await page.getByTestId('field-fiscal_year').pressSequentially('2020');
  await page.getByTestId('field-implementing_unit').pressSequentially('Trung tâm Khuyến công');
  await typeDate(page.getByTestId('field-start_on'), '01/03/2020');
  await page.getByTestId('field-total_cost_vnd').pressSequentially('40000000');
  await page.getByTestId('field-requested_support_vnd').pressSequentially('20000000');
  await page.getByTestId('field-counterpart_vnd').pressSequentially('20000000');
  await page.getByTestId('project-form').getByTestId('submit').click();
  await expect(page.getByTestId('project-detail')).toBeVisible();
  const url = new URL(page.url()).pathname;
  const id = url.split('/').pop()!;
  const project = async () => (await apiGet<ProjectOut>(page, `/api/v1/projects/${id}`)).body;

  const open = async (action: string) => {
    await page.goto(url);
    await page.getByTestId(`action-${action}`).click();
    const form = page.getByTestId(`transition-form-${action}`);
    await expect(form).toBeVisible();
    return form;
  };
  const confirm = async (form: Locator) => {
    await form.getByTestId('transition-submit').click();
    await expect(form).toBeHidden();
  };

  await confirm(await open('submit'));

  // 120 is not clamped to 100 and saved: the error shows and nothing is recorded.
  let form = await open('appraisal');
  const score = form.getByTestId('field-score');
  await score.pressSequentially('120');
  await score.press('Tab');
  await expect(score).toHaveValue('120');
  await form.getByTestId('transition-submit').click();
  await expect(form.getByText('Phải từ 0 đến 100')).toBeVisible();
  await expect(form).toBeVisible();
  expect((await project()).status).toBe('submitted');
  expect((await project()).appraisal_score).toBeNull();
  await score.fill('');
  await score.pressSequentially('85');
  await confirm(form);
  expect((await project()).appraisal_score).toBe(85);

  await loginAs(page, 'manager');
  form = await open('approval');
  await form.getByTestId('field-decision_number').pressSequentially(`QĐ-PD-${RUN}`);
  await typeDate(form.getByTestId('field-decision_date'), '20/03/2020');
  await confirm(form);
  expect((await project()).decision_date).toBe('2020-03-20');

  await loginAs(page, 'officer');
  await confirm(await open('start'));
  form = await open('progress-reports');
  const percent = form.getByTestId('field-percent_complete');
  await percent.pressSequentially('120');
  await form.getByTestId('transition-submit').click();
  await expect(form.getByText('Phải từ 0 đến 100')).toBeVisible();
  await percent.fill('');
  await percent.pressSequentially('100');
  await confirm(form);
  // The page still shows this project (a progress report's answer is not the project).
  await expect(page.getByTestId('project-detail')).toBeVisible();
  await expect(page.getByTestId('history-item').first()).toBeVisible();

  form = await open('acceptance');
  await typeDate(form.getByTestId('field-accepted_on'), '15/12/2020');
  await form.getByTestId('field-record_number').pressSequentially(`BB-NT-${RUN}`);
  await form.getByTestId('field-accepted_support_vnd').fill('');
  await form.getByTestId('field-accepted_support_vnd').pressSequentially('18000000');
  await confirm(form);
  expect((await project()).accepted_on).toBe('2020-12-15');

  // Settlement: what will be paid and what is left unused, before confirming; 10/01/2021 is
  // before the 22 January deadline, so no warning.
  await loginAs(page, 'finance');
  form = await open('settlement');
  await expect(form.getByTestId('settle-to-pay')).toContainText('18.000.000');
  await expect(form.getByTestId('settle-to-release')).toContainText('2.000.000');
  await expect(form.getByTestId('settlement-late')).toBeVisible(); // today's date is past 22/01/2021
  await typeDate(form.getByTestId('field-settled_on'), '10/01/2021');
  await expect(form.getByTestId('field-settled_on')).toHaveValue('10/01/2021');
  await expect(form.getByTestId('settlement-late')).toHaveCount(0);
  await form.getByTestId('field-reference').pressSequentially(`UNC-${RUN}`);
  await shot(page, 'settlement-preview');
  await confirm(form);
  const settled = await project();
  expect(settled.status).toBe('settled');
  expect(settled.settled_on).toBe('2021-01-10');
  await expect(page.getByTestId('project-status')).toHaveText('Đã quyết toán');
  expect(notFound).toEqual([]);

  // The ledger names projects by their code (not "Xem") and keeps the hash in the entry's details.
  await page.goto('/budget?year=2020&tab=ledger');
  await expect(page.getByTestId('ledger-table').getByTestId('ledger-project').first()).toHaveText(/^[A-Z]+-\d{4}-\d+/);
  await expect(page.getByTestId('ledger-table').getByRole('columnheader', { name: 'Mã băm' })).toHaveCount(0);
  await page.getByTestId('ledger-verify').click();
  await expect(page.getByTestId('ledger-verify-result')).toContainText('Toàn vẹn');
  await page.getByTestId('ledger-entry-open').first().click();
  await expect(page.getByRole('dialog', { name: /Chi tiết bút toán số/ })).toBeVisible();
  await expect(page.getByTestId('ledger-entry-hash')).toHaveText(/^[0-9a-f]{16,}$/);
  await shot(page, 'ledger-entry-details');
});

test('dashboard and budget open on the same year with data and share the choice; screenshots at 1440 and 390 px', async ({ page }) => {
  test.setTimeout(120_000);
  await login(page, 'admin');
  const years = await apiGet<{ items: Array<{ year: number; appropriated_vnd: number; allocated_vnd: number; committed_vnd: number; disbursed_vnd: number }> }>(page, '/api/v1/budget/years');
  const now = new Date().getFullYear();
  const withData = years.body.items.filter((y) => y.appropriated_vnd || y.allocated_vnd || y.committed_vnd || y.disbursed_vnd).map((y) => y.year);
  const expected = Math.max(...withData.filter((y) => y <= now));

  await page.goto('/');
  await expect(page.getByTestId('dashboard-data')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Tổng quan năm ${expected}`);
  await page.getByTestId('nav-budget').click();
  await expect(page.getByTestId('budget-page')).toBeVisible();
  await expect(page.getByTestId('year-select')).toHaveValue(String(expected));

  // A year chosen on the dashboard is the year the budget page opens on.
  await page.getByTestId('nav-dashboard').click();
  await pick(page, 'Năm', '2018');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tổng quan năm 2018');
  await page.getByTestId('nav-budget').click();
  await expect(page.getByTestId('year-select')).toHaveValue('2018');

  // The year filter's placeholder is not cut off.
  await page.goto('/projects');
  const filter = page.getByTestId('filter-year');
  expect(await filter.evaluate((el: HTMLInputElement) => el.scrollWidth <= el.clientWidth)).toBe(true);

  const screens: Array<[string, string, string]> = [
    ['dashboard', '/?year=2018', 'dashboard-data'],
    ['projects', '/projects?fiscal_year=2018', 'projects-table'],
    ['budget', '/budget?year=2018&tab=summary', 'budget-summary-totals'],
    ['budget-ledger', '/budget?year=2018&tab=ledger', 'ledger-table'],
  ];
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width > 400 ? 900 : 844 });
    for (const [name, path, ready] of screens) {
      await page.goto(path);
      await expect(page.getByTestId(ready)).toBeVisible();
      await expect(page.getByTestId('loading-state')).toHaveCount(0);
      await shot(page, `${name}-${width}`);
    }
    await page.goto('/projects?fiscal_year=2018');
    await page.getByTestId('projects-table').getByRole('link').first().click();
    await expect(page.getByTestId('project-detail')).toBeVisible();
    await expect(page.getByTestId('loading-state')).toHaveCount(0);
    await shot(page, `project-${width}`);
    // Nothing in the header runs off the screen.
    const header = page.locator('header').first();
    expect(await header.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    if (width === 390) {
      await expect(page.getByTestId('logout-mobile')).toBeVisible();
      await page.goto('/projects?fiscal_year=2018');
      // On a phone the list is cards (label and value), not a table scrolled sideways.
      await expect(page.getByTestId('projects-table').getByTestId('table-row').first()).toBeVisible();
      await expect(page.getByTestId('projects-table').getByRole('table')).toHaveCount(0);
    }
  }
});

test('the ledger tab shows the latest signed checkpoint to copy, and a copy compares as intact', async ({ page }) => {
  test.setTimeout(150_000);
  // the demo signs its first checkpoint within a minute of its load (scripts/run.py)
  const latest = () => page.request.get('/api/v1/public/budget/ledger-checkpoint');
  await expect.poll(async () => (await latest()).status(), { timeout: 100_000, intervals: [2_000] }).toBe(200);
  await login(page, 'viewer');
  await page.goto('/budget?tab=ledger');
  const shown = page.getByTestId('ledger-checkpoint-latest');
  await expect(shown).toContainText(/Điểm kiểm tra mới nhất: số \d+, ký lúc/);
  const seq = Number(/số (\d+)/.exec((await shown.textContent()) ?? '')?.[1]);
  // (the gateway keeps public answers up to 30 s: the page may show the one before the latest)
  expect(seq).toBeGreaterThanOrEqual(1);
  const signature = (await page.getByTestId('ledger-checkpoint-signature').textContent()) ?? '';
  expect(signature).toMatch(/^[A-Za-z0-9+/]{86}==$/);
  await page.getByRole('textbox', { name: 'Số điểm kiểm tra đã lưu' }).fill(String(seq));
  await page.getByRole('textbox', { name: 'Chữ ký đã lưu' }).fill(signature);
  await page.getByTestId('ledger-compare').click();
  await expect(page.getByTestId('ledger-verify-result')).toContainText(`vẫn giữ nguyên điểm kiểm tra số ${seq} đã lưu`);
  await shot(page, 'ledger-kept-checkpoint');
});
