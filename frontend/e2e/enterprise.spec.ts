import { expect, test } from '@playwright/test';
import { login, pick, uniqueTaxCode } from './helpers';

test('officer registers an enterprise; a bad tax code is shown next to the field', async ({ page }) => {
  await login(page, 'officer');
  await page.getByTestId('nav-enterprises').click();
  await page.getByTestId('enterprise-create').click();

  const form = page.getByTestId('enterprise-form');
  const name = `Cơ sở E2E ${Date.now()}`;
  await form.getByLabel(/^Tên/).fill(name);
  await pick(page, /Ngành \(VSIC\)/, /^C\b|^32|^10/);
  await pick(page, /Đơn vị hành chính/, /.+/);

  // Client-side check digit validation.
  await form.getByLabel(/Mã số thuế/).fill('0100047517');
  await form.getByRole('button', { name: 'Lưu' }).click();
  await expect(form.getByText(/Mã số thuế không hợp lệ/)).toBeVisible();

  const tax = uniqueTaxCode();
  await form.getByLabel(/Mã số thuế/).fill(tax);
  await form.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByTestId('enterprise-detail')).toBeVisible();
  await expect(page.getByRole('heading', { name })).toBeVisible();

  // Registering the same tax code again is refused by the server, next to the field.
  await page.goto('/enterprises/new');
  await form.getByLabel(/^Tên/).fill(`${name} (trùng)`);
  await pick(page, /Ngành \(VSIC\)/, /^C\b|^32|^10/);
  await pick(page, /Đơn vị hành chính/, /.+/);
  await form.getByLabel(/Mã số thuế/).fill(tax);
  await form.getByRole('button', { name: 'Lưu' }).click();
  await expect(form.getByLabel(/Mã số thuế/)).toHaveAttribute('aria-invalid', 'true');

  // Diacritic-insensitive search finds it.
  await page.goto('/enterprises');
  await page.getByTestId('enterprise-search').fill(tax);
  await expect(page.getByTestId('enterprises-table').getByRole('link', { name })).toBeVisible();
});
