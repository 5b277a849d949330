import { expect, test, type Page } from '@playwright/test';
import { login, PASSWORD, pick, RUN, shot } from './helpers';

// KPIs are chosen from the catalogue (GET /kpis), typed as an official types them, in Vietnamese;
// cleaner production takes the amounts before and after, and the saving is computed.

async function apiGet(page: Page, path: string) {
  const token = await page.request.post('/api/v1/auth/token', { form: { username: 'officer', password: PASSWORD } });
  expect(token.ok()).toBeTruthy();
  const { access_token } = (await token.json()) as { access_token: string };
  const r = await page.request.get(path, { headers: { Authorization: `Bearer ${access_token}` } });
  expect(r.ok()).toBeTruthy();
  return r.json();
}

/** Adds a KPI row, types into its indicator picker, takes the first match with Enter. */
async function chooseKpi(page: Page, row: number, search: string) {
  await page.getByTestId('kpi-add').click();
  const box = page.getByTestId(`kpi-code-${row}`);
  await box.click();
  await box.pressSequentially(search, { delay: 20 });
  await page.keyboard.press('Enter');
}

test('an officer creates a project choosing its KPIs from the catalogue', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 1000 });
  await login(page, 'officer');
  await page.goto('/projects/new');
  const title = `Sản xuất sạch hơn lò nung gốm ${RUN}`;
  await page.getByTestId('field-title').pressSequentially(title);
  await pick(page, 'Nội dung hoạt động', 'Thí điểm sản xuất sạch hơn');
  await page.getByTestId('field-fiscal_year').fill('2020');
  await page.getByTestId('field-implementing_unit').pressSequentially('Trung tâm Khuyến công Bình Dương');
  await page.getByTestId('field-total_cost_vnd').pressSequentially('600000000');
  await page.getByTestId('field-requested_support_vnd').pressSequentially('180000000');
  await page.getByTestId('field-counterpart_vnd').pressSequentially('420000000');

  // Cleaner production: energy use before and after, per year; the saving is shown, not typed.
  await chooseKpi(page, 0, 'tiêu thụ năng lượng');
  await expect(page.getByTestId('kpi-unit-0')).toHaveText('kWh/năm');
  await page.keyboard.press('Tab');
  await page.keyboard.type('240000');
  await page.keyboard.press('Tab');
  await page.keyboard.type('198000');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('kpi-saving-0')).toHaveText('Tiết kiệm: 42.000 kWh/năm');

  // A percentage, found without diacritics: 120 is refused with a message, not clamped.
  await chooseKpi(page, 1, 'giam chat thai');
  await expect(page.getByTestId('kpi-unit-1')).toHaveText('%');
  const waste = page.getByTestId('kpi-value-1');
  await waste.click();
  await page.keyboard.type('120');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('kpi-row-1')).toContainText('Tỷ lệ phần trăm không quá 100');
  await page.getByTestId('project-form').getByTestId('submit').click();
  await expect(page.getByTestId('project-form')).toBeVisible();
  await expect(waste).toHaveValue('120');
  await waste.press('Control+a');
  await page.keyboard.type('25');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('kpi-row-1')).not.toContainText('Tỷ lệ phần trăm');

  // A count from the other indicators (it does not suit this activity type, but may be chosen).
  await chooseKpi(page, 2, 'Số học viên');
  await expect(page.getByTestId('kpi-unit-2')).toHaveText('người');
  await page.getByTestId('kpi-value-2').pressSequentially('15');
  await page.keyboard.press('Tab');
  await shot(page, 'kpi-picker-1440');
  await page.setViewportSize({ width: 390, height: 900 });
  await shot(page, 'kpi-picker-390');
  await page.setViewportSize({ width: 1440, height: 1000 });

  await page.getByTestId('project-form').getByTestId('submit').click();
  await expect(page.getByTestId('project-detail')).toBeVisible();
  const id = new URL(page.url()).pathname.split('/').pop();
  const project = (await apiGet(page, `/api/v1/projects/${id}`)) as { planned_kpis: unknown; title: string };
  expect(project.title).toBe(title);
  expect(project.planned_kpis).toEqual({
    cp_energy_kwh: { baseline: 240000, result: 198000 },
    waste_reduction_percent: 25,
    trainees: 15,
  });
  const table = page.getByTestId('project-kpis');
  await expect(table).toContainText('Sản xuất sạch hơn: tiêu thụ năng lượng (kWh/năm)');
  await expect(table).toContainText('240.000 → 198.000');
  await expect(table).toContainText('Giảm chất thải (%)');
});

test('the dashboard averages percentages and shows units from the catalogue', async ({ page }) => {
  await login(page, 'officer');
  const stats = (await apiGet(page, '/api/v1/projects/stats?fiscal_year=2019')) as {
    kpis: { items: Array<{ code: string; rollup: string; unit: string; planned: number | null }> };
  };
  const mean = stats.kpis.items.filter((k) => k.rollup === 'mean');
  expect(mean.every((k) => k.unit === '%' && (k.planned ?? 0) <= 100)).toBeTruthy();
  await page.goto('/?year=2019');
  const kpis = page.getByTestId('chart-kpis');
  await expect(kpis).toBeVisible();
  for (const k of mean) await expect(kpis.getByTestId(`kpi-line-${k.code}`)).toContainText('bình quân các đề án');
  // every unit the year's indicators are counted in, as the catalogue names it (the demo's
  // projects decide which indicators a year has)
  const units = [...new Set(stats.kpis.items.filter((k) => k.planned !== null).map((k) => k.unit))];
  expect(units.length).toBeGreaterThan(1);
  for (const unit of units) await expect(kpis).toContainText(unit);
});
