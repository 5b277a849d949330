import { expect, test } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { login, pick, pickSearch, RUN, shot, uniqueTaxCode } from './helpers';

test('officer registers an enterprise; client and server errors show next to the field', async ({ page }) => {
  await login(page, 'officer');
  await page.getByTestId('nav-enterprises').click();
  await page.getByTestId('enterprise-create').click();

  const form = page.getByTestId('enterprise-form');
  const name = `Cơ sở Gốm sứ E2E ${RUN}`;
  await page.getByTestId('field-name').fill(name);
  await pick(page, /Ngành \(VSIC\)/, /^23 –/);
  await pickSearch(page, /Đơn vị hành chính/, 'Phú Lợi');
  const taxField = page.getByTestId('field-tax_code');

  // The check digit is verified in the browser.
  await taxField.fill('0100047517');
  await form.getByRole('button', { name: 'Lưu' }).click();
  await expect(form.getByText(/Mã số thuế không hợp lệ/)).toBeVisible();

  // A 12-digit personal ID passes the browser but the server accepts it for household businesses
  // only: its 422 lands on the tax code field.
  await taxField.fill('079123456789');
  await form.getByRole('button', { name: 'Lưu' }).click();
  await expect(taxField).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('server-error')).toBeVisible();
  await shot(page, 'enterprise-form-server-error');

  const tax = uniqueTaxCode();
  await taxField.fill(tax);
  await form.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByTestId('enterprise-detail')).toBeVisible();
  await expect(page.getByRole('heading', { name })).toBeVisible();
  const url = new URL(page.url()).pathname;

  // The same tax code again: the server's 409 is shown next to the field.
  await page.goto('/enterprises/new');
  await page.getByTestId('field-name').fill(`${name} (trùng)`);
  await pickSearch(page, /Đơn vị hành chính/, 'Phú Lợi');
  await taxField.fill(tax);
  await form.getByRole('button', { name: 'Lưu' }).click();
  await expect(taxField).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByText(/Mã số thuế .+ đã được đăng ký/).first()).toBeVisible();

  // Edit: the change is saved and shown.
  await page.goto(`${url}/edit`);
  await form.getByRole('textbox', { name: 'Địa chỉ' }).fill('Số 1, đường Lê Hồng Phong');
  await form.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByTestId('enterprise-detail')).toContainText('Số 1, đường Lê Hồng Phong');

  // Search finds it by tax code.
  await page.goto('/enterprises');
  await page.getByTestId('enterprise-search').fill(tax);
  await expect(page.getByTestId('enterprises-table').getByRole('link', { name })).toBeVisible();
});

test('registry list: diacritic-insensitive search, filters, sort, pages, CSV import and export', async ({ page }) => {
  await login(page, 'officer');
  await page.goto('/enterprises');
  const table = page.getByTestId('enterprises-table');
  await expect(page.getByTestId('table-total')).toBeVisible();

  // "tuong binh hiep" finds "Tương Bình Hiệp".
  await page.getByTestId('enterprise-search').fill('tuong binh hiep');
  await expect(page).toHaveURL(/q=tuong/);
  await expect(table.getByRole('link').first()).toContainText('Tương Bình Hiệp');
  await shot(page, 'enterprises-search');

  // Filter by kind, then sort by employees and go to page 2: all kept in the URL.
  await page.getByTestId('enterprise-search').fill('');
  await pick(page, 'Loại hình', /^Hợp tác xã$/);
  await expect(page).toHaveURL(/kind=cooperative(&|$)/);
  await page.getByTestId('sort-employees').click();
  await expect(page).toHaveURL(/sort=employees/);
  await page.getByRole('button', { name: '2', exact: true }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(table.getByTestId('table-row').first()).toContainText('Hợp tác xã');

  // Export: a CSV download.
  const download = page.waitForEvent('download');
  await page.getByTestId('export-menu').click();
  await page.getByTestId('export-csv').click();
  expect((await download).suggestedFilename()).toMatch(/\.csv$/);

  // Import: all or nothing, with a per-row report.
  const csv = join(tmpdir(), `kc-import-${RUN}.csv`);
  writeFileSync(csv, `tax_code,name,kind,admin_unit_code\n0100047517,Cơ sở lỗi ${RUN},enterprise,25750\n${uniqueTaxCode()},,enterprise,25750\n`);
  await page.getByTestId('import-open').click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-file').click();
  await (await chooser).setFiles(csv);
  await page.getByTestId('import-submit').click();
  const report = page.getByTestId('import-errors');
  await expect(report).toBeVisible();
  await expect(report.getByRole('row')).toHaveCount(3);
  await expect(report).toContainText('Mã số thuế');
  await expect(report).toContainText('Bắt buộc nhập');
  await shot(page, 'enterprises-import-errors');

  const good = join(tmpdir(), `kc-import-ok-${RUN}.csv`);
  writeFileSync(good, `tax_code,name,kind,admin_unit_code\n${uniqueTaxCode()},Cơ sở nhập CSV ${RUN},household_business,25750\n`);
  const chooser2 = page.waitForEvent('filechooser');
  await page.getByTestId('import-file').click();
  await (await chooser2).setFiles(good);
  await page.getByTestId('import-submit').click();
  await expect(page.getByTestId('import-success')).toContainText('1');
});
