// The public pages (/cong-khai) open without logging in: Vietnamese text, vi-VN figures, the
// approved projects and a project page, a phone-sized screenshot. No sign-in anywhere here.
import { expect, test } from '@playwright/test';
import { shot } from './helpers';

// vi-VN groups thousands with dots: 1.234.567 (an en-US 1,234,567 would not match).
const VI_NUMBER = /\d{1,3}(\.\d{3})+/;

test('the public pages open without a login, in Vietnamese with vi-VN figures; 390 px screenshot', async ({ page, request }) => {
  test.setTimeout(90_000);
  // The API behind them answers anonymously.
  const years = await request.get('/api/v1/public/budget/years');
  expect(years.status()).toBe(200);
  const projects = await request.get('/api/v1/public/projects', { params: { page_size: 1 } });
  expect(projects.status()).toBe(200);
  const first = (await projects.json()).items[0] as { code: string; title: string; approved_support_vnd: number };

  await page.setViewportSize({ width: 390, height: 844 });
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(r.url());
  });
  await page.goto('/cong-khai');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Công khai chương trình khuyến công');
  await expect(page.getByText('Dữ liệu mở, không cần đăng nhập')).toBeVisible();
  const figures = page.getByTestId('year-figures');
  await expect(figures).toBeVisible();
  await expect(figures).toContainText('Đã giải ngân');
  await expect(figures).toContainText(VI_NUMBER);
  await expect(page.getByRole('heading', { name: 'Thực hiện qua các năm' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Danh sách đề án được phê duyệt (CSV)' })).toBeVisible();
  // the staff app's code is not loaded (its entry and Mantine chunks)
  expect(scripts.some((u) => /\/assets\/main-/.test(u))).toBe(false);
  expect(page.url()).toContain('/cong-khai');
  await shot(page, 'public-overview-390');

  await page.getByRole('link', { name: 'Tra cứu đề án' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Đề án khuyến công được phê duyệt');
  await page.getByLabel('Tìm theo mã hoặc tên đề án').fill(first.code);
  await page.getByRole('button', { name: 'Tìm kiếm' }).click();
  await expect(page.getByTestId('project-count')).toHaveText('1 đề án');
  const amount = new Intl.NumberFormat('vi-VN').format(first.approved_support_vnd);
  await expect(page.getByText(`${amount} đ`).first()).toBeVisible();
  await shot(page, 'public-projects-390');

  await page.getByRole('link', { name: first.title }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(first.title);
  await expect(page.getByText('Quyết định phê duyệt')).toBeVisible();
  await expect(page.getByText(`${amount} đ`).first()).toBeVisible();
  // no sign-in form was ever shown
  await expect(page.getByTestId('login-form')).toHaveCount(0);
  await shot(page, 'public-project-390');
});
