import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { login, PASSWORD, pick, RUN, shot, uniqueTaxCode } from './helpers';

// The administrative-unit picker (dated units, diacritic-free search, what old units became), the
// project form filled from its beneficiary, and the audit trail read as "who did what to which record".

async function bearer(request: APIRequestContext, username: string): Promise<Record<string, string>> {
  const r = await request.post('/api/v1/auth/token', { form: { grant_type: 'password', username, password: PASSWORD } });
  expect(r.ok()).toBeTruthy();
  return { Authorization: `Bearer ${(await r.json()).access_token}` };
}

/** An enterprise in Phường Tân Khánh (a post-2025 unit) belonging to a demo craft village. */
async function enterpriseInTanKhanh(request: APIRequestContext, name: string) {
  const officer = await bearer(request, 'officer');
  const villages = await (await request.get('/api/v1/craft-villages?page_size=1', { headers: officer })).json();
  const village = villages.items[0] as { id: string; name: string };
  const r = await request.post('/api/v1/enterprises', {
    headers: officer,
    data: { tax_code: uniqueTaxCode(), name, kind: 'enterprise', size: 'small', admin_unit_code: '25891', established_on: '2025-08-01', craft_village_id: village.id },
  });
  expect(r.status(), await r.text()).toBe(201);
  return { enterprise: (await r.json()) as { id: string }, village };
}

async function typeInto(page: Page, label: string | RegExp, text: string) {
  const box = page.getByRole('combobox', { name: label });
  await box.click();
  await box.press('ControlOrMeta+a');
  await box.press('Backspace');
  await box.pressSequentially(text, { delay: 30 });
  return box;
}

test('project form: the beneficiary fills commune and craft village; units are offered for the year', async ({ page, request }) => {
  const name = `Cơ sở Mây tre Tân Khánh E2E ${RUN}`;
  const { enterprise, village } = await enterpriseInTanKhanh(request, name);
  await login(page, 'officer');
  await page.goto('/projects/new');
  await page.getByTestId('field-title').fill(`Máy chẻ tre E2E ${RUN}`);
  await pick(page, 'Nội dung hoạt động', 'Ứng dụng máy móc tiên tiến');
  // Without a year the units in force today are offered; 'tan khanh' finds Phường Tân Khánh.
  await typeInto(page, 'Đơn vị hành chính', 'tan khanh');
  const now = page.getByRole('option').filter({ hasText: 'Phường Tân Khánh' });
  await expect(now).toContainText('TP. Hồ Chí Minh');
  await expect(page.getByRole('option').filter({ hasText: 'Tân Phước Khánh' })).toHaveCount(0);
  await page.keyboard.press('Escape');

  const year = page.getByTestId('field-fiscal_year');
  await year.fill('2020');
  await year.press('Tab');

  // Choosing the beneficiary brings its commune and craft village. Its code 25891 is read as it
  // stood in 2020, with what it became.
  await typeInto(page, 'Đơn vị thụ hưởng', `Tân Khánh E2E ${RUN}`);
  await page.getByRole('option').filter({ hasText: name }).first().click();
  await expect(page.getByRole('combobox', { name: 'Đơn vị hành chính' })).toHaveValue('Phường Tân Phước Khánh (→ Phường Tân Khánh, TP. Hồ Chí Minh)');
  await expect(page.getByRole('combobox', { name: 'Làng nghề' })).toHaveValue(village.name);

  // For 2020 the picker offers that year's communes: typed without diacritics, a province never.
  await typeInto(page, 'Đơn vị hành chính', 'binh duong');
  await expect(page.getByText('Không tìm thấy đơn vị hành chính')).toBeVisible();
  await typeInto(page, 'Đơn vị hành chính', 'binh my');
  const old = page.getByRole('option').filter({ hasText: 'Xã Bình Mỹ' });
  await expect(old).toContainText('→ Phường Bình Cơ, TP. Hồ Chí Minh');
  await expect(old).toContainText('Huyện Bắc Tân Uyên, Tỉnh Bình Dương');
  await shot(page, 'admin-unit-picker-1440');
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, 'admin-unit-picker-390');
  await page.setViewportSize({ width: 1440, height: 900 });
  await old.first().click();

  // The implementing unit is chosen from those already named on projects.
  const unit = page.getByTestId('field-implementing_unit');
  await unit.click();
  await unit.pressSequentially('trung tam khuyen cong', { delay: 20 });
  const known = page.getByRole('option').filter({ hasText: 'Trung tâm Khuyến công' }).first();
  const unitName = (await known.textContent())!.trim();
  await known.click();
  await expect(unit).toHaveValue(unitName);

  await page.getByTestId('field-total_cost_vnd').fill('400000000');
  await page.getByTestId('field-requested_support_vnd').fill('200000000');
  await page.getByTestId('field-counterpart_vnd').fill('200000000');
  await page.getByTestId('project-form').getByTestId('submit').click();
  await expect(page.getByTestId('project-detail')).toBeVisible();
  const id = new URL(page.url()).pathname.split('/').pop()!;

  const saved = await (await request.get(`/api/v1/projects/${id}`, { headers: await bearer(request, 'officer') })).json();
  expect(saved.beneficiary_enterprise_id).toBe(enterprise.id);
  expect(saved.craft_village_id).toBe(village.id);
  expect(saved.admin_unit_code).toBe('25897');
  expect(saved.implementing_unit).toBe(unitName);
});

test('Nhật ký hệ thống: who did what to which record, filtered by person, with a working link', async ({ page, request }) => {
  const name = `Cơ sở Gốm Nhật ký E2E ${RUN}`;
  const { enterprise } = await enterpriseInTanKhanh(request, name);
  await login(page, 'admin');
  await page.getByTestId('nav-audit').click();
  await expect(page.getByRole('columnheader', { name: 'Người thực hiện' })).toBeVisible();

  await typeInto(page, 'Người thực hiện', 'can bo trung tam');
  await page.getByRole('option', { name: /Cán bộ Trung tâm Khuyến công \(officer\)/ }).click();
  await expect(page).toHaveURL(/actor=officer/);

  const row = page.getByTestId('audit-table').getByRole('row').filter({ hasText: name }).first();
  await expect(row.getByTestId('audit-action')).toHaveText('Tạo doanh nghiệp');
  await expect(row).toContainText('Cán bộ Trung tâm Khuyến công');
  await row.getByRole('button', { name: 'Xem chi tiết kỹ thuật' }).click();
  await expect(row).toContainText('POST /api/v1/enterprises');
  await shot(page, 'audit-1440');
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, 'audit-390');
  await page.setViewportSize({ width: 1440, height: 900 });

  await row.getByRole('link', { name }).click();
  await expect(page).toHaveURL(new RegExp(`/enterprises/${enterprise.id}$`));
  await expect(page.getByRole('heading', { name })).toBeVisible();
});
