import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PASSWORD = process.env.E2E_PASSWORD ?? 'khuyencong';
export type DemoUser = 'admin' | 'manager' | 'officer' | 'finance' | 'viewer' | 'enterprise';
export const ROLE_LABEL: Record<DemoUser, string> = {
  admin: 'Quản trị hệ thống',
  manager: 'Lãnh đạo Sở',
  officer: 'Cán bộ khuyến công',
  finance: 'Cán bộ tài chính',
  viewer: 'Chỉ xem',
  enterprise: 'Doanh nghiệp',
};

const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'e2e-artifacts');

export async function login(page: Page, user: DemoUser, password = PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('Tên đăng nhập').fill(user);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.getByTestId('current-role')).toHaveText(ROLE_LABEL[user]);
}

export async function logout(page: Page) {
  await page.getByTestId('logout').click();
  await expect(page.getByTestId('login-form')).toBeVisible();
}

/** Picks an option of a Mantine Select (combobox) by its label and option text. */
export async function pick(page: Page, label: string | RegExp, option: string | RegExp) {
  await page.getByRole('textbox', { name: label }).click();
  await page.getByRole('option', { name: option }).first().click();
}

/** Picks the first option offered by a searchable Select after typing `search`. */
export async function pickSearch(page: Page, label: string | RegExp, search: string) {
  const box = page.getByRole('textbox', { name: label });
  await box.click();
  await box.fill(search);
  await page.getByRole('option').filter({ hasText: search }).first().click();
}

/** Fills a Mantine DateInput (dd/mm/yyyy) via its calendar-free text mode is not available: open and type. */
export async function fillMoney(page: Page, label: string | RegExp, amount: number) {
  await page.getByRole('textbox', { name: label }).fill(String(amount));
}

export async function shot(page: Page, name: string) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** A fresh, valid Vietnamese tax code (10 digits with the check digit). */
export function randomTaxCode(): string {
  const w = [31, 29, 23, 19, 17, 13, 7, 5, 3];
  for (;;) {
    const d = Array.from({ length: 9 }, (_, i) => (i === 0 ? 0 : Math.floor(Math.random() * 10)));
    d[1] = 1 + Math.floor(Math.random() * 9);
    const check = 10 - (d.reduce((s, x, i) => s + x * w[i]!, 0) % 11);
    if (check < 10) return d.join('') + String(check);
  }
}

/** Reads a VND figure such as "4.500.000.000 ₫" back into a number. */
export function parseVnd(text: string | null): number {
  return Number((text ?? '').replace(/[^\d-]/g, '')) || 0;
}

export async function dashboardFigure(page: Page, testId: string, year: number): Promise<number> {
  await page.goto(`/?year=${year}`);
  await expect(page.getByTestId('dashboard-data')).toBeVisible();
  return parseVnd(await page.getByTestId(testId).textContent());
}
