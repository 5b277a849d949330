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
  finance: 'Kế toán – Tài chính',
  viewer: 'Chỉ xem',
  enterprise: 'Doanh nghiệp',
};

const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'e2e-artifacts');

/** A per-run suffix so that names, codes and references never collide with an earlier run. */
export const RUN = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`.toUpperCase();

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

/** Signs in as `user`, signing out whoever is signed in first. */
export async function loginAs(page: Page, user: DemoUser) {
  if (await page.getByTestId('logout').isVisible().catch(() => false)) await logout(page);
  await login(page, user);
}

/** Picks an option of a Mantine Select (role combobox) by its label and option text. */
export async function pick(page: Page, label: string | RegExp, option: string | RegExp, scope: Page | ReturnType<Page['locator']> = page) {
  await scope.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option }).first().click();
}

/** Types into a searchable Select and picks the first option containing `search`. */
export async function pickSearch(page: Page, label: string | RegExp, search: string) {
  const box = page.getByRole('combobox', { name: label });
  await box.click();
  await box.fill(search);
  await page.getByRole('option').filter({ hasText: search }).first().click();
}

export async function fillMoney(scope: Page | ReturnType<Page['locator']>, label: string | RegExp, amount: number) {
  await scope.getByRole('textbox', { name: label }).fill(String(amount));
}

export async function shot(page: Page, name: string) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

const WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3];

/** The check digit for nine digits, or null when the remainder is 0 (such codes are never issued). */
export function checkDigit(nine: string): number | null {
  const r = nine.split('').reduce((s, d, i) => s + Number(d) * WEIGHTS[i]!, 0) % 11;
  return r === 0 ? null : 10 - r;
}

let taxSeq = 0;
/** A fresh valid tax code: nine digits from the clock and a counter, then the check digit. */
export function uniqueTaxCode(): string {
  for (;;) {
    const n = (Date.now() * 10 + (taxSeq++ % 10)) % 1_000_000_000;
    const nine = `9${String(n).padStart(9, '0').slice(1)}`;
    const d = checkDigit(nine);
    if (d !== null) return nine + String(d);
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
