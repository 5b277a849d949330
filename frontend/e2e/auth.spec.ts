import { expect, test } from '@playwright/test';
import { login, logout, type DemoUser } from './helpers';

for (const user of ['officer', 'manager', 'finance'] as DemoUser[]) {
  test(`${user} can sign in, sees the dashboard and signs out`, async ({ page }) => {
    await login(page, user);
    await expect(page.getByTestId('dashboard-page')).toBeVisible();
    await logout(page);
    // Protected pages send an anonymous visitor back to the login form.
    await page.goto('/projects');
    await expect(page).toHaveURL(/\/login\?next=%2Fprojects/);
  });
}

test('wrong password is refused with a message', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Tên đăng nhập').fill('officer');
  await page.getByLabel('Mật khẩu').fill('wrong-password');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.getByTestId('login-error')).toBeVisible();
});

test('navigation is gated by role', async ({ page }) => {
  await login(page, 'officer');
  await expect(page.getByTestId('nav-users')).toHaveCount(0);
  await logout(page);
  await login(page, 'admin');
  await expect(page.getByTestId('nav-users')).toBeVisible();
  await expect(page.getByTestId('nav-audit')).toBeVisible();
});

test('the UI switches to English', async ({ page }) => {
  await login(page, 'viewer');
  await page.getByTestId('language-switch').getByText('EN').click();
  await expect(page.getByTestId('nav-projects')).toHaveText('Projects');
  await page.getByTestId('language-switch').getByText('VI').click();
  await expect(page.getByTestId('nav-projects')).toHaveText('Đề án');
});
