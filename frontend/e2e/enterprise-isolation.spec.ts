import { expect, test } from '@playwright/test';
import { login, logout } from './helpers';

test('an enterprise user sees only its own enterprise and cannot open another', async ({ page }) => {
  // Find some enterprise id as an officer.
  await login(page, 'officer');
  await page.goto('/enterprises?page_size=50');
  const links = page.getByTestId('enterprises-table').getByRole('link');
  await expect(links.first()).toBeVisible();
  const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  await logout(page);

  await login(page, 'enterprise');
  const me = await page.evaluate(async () => {
    const raw = sessionStorage.getItem('kc.auth');
    const token = raw ? (JSON.parse(raw) as { access_token: string }).access_token : '';
    const r = await fetch('/api/v1/auth/me', { headers: { Authorization: `Bearer ${token}` } });
    return (await r.json()) as { enterprise_id: string };
  });
  expect(me.enterprise_id).toBeTruthy();

  // The list holds the user's own enterprise only.
  await page.goto('/enterprises');
  const own = page.getByTestId('enterprises-table').getByRole('link');
  await expect(own).toHaveCount(1);
  await expect(own.first()).toHaveAttribute('href', `/enterprises/${me.enterprise_id}`);

  // Another enterprise's page is "not found" for this user.
  const other = hrefs.find((h) => h && !h.endsWith(me.enterprise_id));
  test.skip(!other, 'the registry holds no other enterprise');
  await page.goto(other!);
  await expect(page.getByTestId('error-state')).toBeVisible();
  await expect(page.getByTestId('enterprise-detail')).toHaveCount(0);

  // No registry write actions for an enterprise user.
  await page.goto('/enterprises');
  await expect(page.getByTestId('enterprise-create')).toHaveCount(0);
  await expect(page.getByTestId('import-open')).toHaveCount(0);
  // But it may propose a project.
  await page.goto('/projects');
  await expect(page.getByTestId('project-create')).toBeVisible();
});
