import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { login } from './helpers';

// The projects list exports what it shows as an Excel workbook, named by the server.
test('the projects list downloads an Excel file with the current filter', async ({ page }) => {
  await login(page, 'officer');
  await page.getByTestId('nav-projects').click();
  const rows = page.getByTestId('table-row');
  await expect(rows.first()).toBeVisible();
  // Filter as an official would: type the start of the first project's code into the search box.
  const code = ((await rows.first().locator('td').first().textContent()) ?? '').trim();
  expect(code.length).toBeGreaterThan(3);
  const search = page.getByPlaceholder('Mã hoặc tên đề án');
  await search.click();
  await search.pressSequentially(code, { delay: 20 });
  await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(code)}`));

  const download = page.waitForEvent('download');
  await page.getByTestId('export-menu').click();
  await page.getByRole('menuitem', { name: 'Excel (XLSX)' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^de-an-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const bytes = readFileSync(await file.path());
  // An XLSX is a ZIP package holding the workbook parts.
  expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
  expect(bytes.includes(Buffer.from('[Content_Types].xml'))).toBe(true);
  expect(bytes.includes(Buffer.from('xl/worksheets/sheet1.xml'))).toBe(true);
});
