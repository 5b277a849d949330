import { expect, test } from '@playwright/test';
import { login } from './helpers';

// The program manager previews the year's report of the demo program, issues it and finds it in
// the list of issued reports with its number.
test('preview a year report, issue it and see it listed', async ({ page }) => {
  await login(page, 'manager');
  await page.getByTestId('nav-reports').click();
  await page.goto('/reports?year=2018');
  await expect(page.getByRole('heading', { name: 'Báo cáo định kỳ' })).toBeVisible();
  await page.getByTestId('report-period').getByText('Cả năm').click();
  const preview = page.getByTestId('report-preview');
  await expect(preview.getByTestId('report-scope')).toHaveText(/Số liệu toàn bộ năm ngân sách 2018/);
  await expect(preview.getByTestId('report-execution')).toContainText('Tổng cộng');
  await expect(preview.getByTestId('report-execution')).toContainText('Kinh phí khuyến công địa phương');
  await expect(preview.getByTestId('report-kpis')).toBeVisible();

  const issued = page.getByTestId('issued-reports');
  const before = await issued.getByText(/\/BC-KC-2018/).count();
  await page.getByTestId('report-issue').click();
  await page.getByTestId('issue-confirm').click();
  await expect(page.getByText(/Đã ban hành báo cáo số \d+\/BC-KC-2018/)).toBeVisible({ timeout: 30_000 });
  await expect(issued.getByText(/\/BC-KC-2018/)).toHaveCount(before + 1);
  await expect(issued).toContainText('Cả năm');
});
