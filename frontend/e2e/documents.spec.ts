import { expect, test } from '@playwright/test';
import { createHash } from 'node:crypto';
import { login, RUN } from './helpers';

// A small but real PDF (one empty page): the server recognises the type from these bytes.
function pdf(text: string): Buffer {
  const body = [
    '%PDF-1.4',
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj',
    `% ${text}`,
    'trailer << /Root 1 0 R >>',
    '%%EOF',
  ].join('\n');
  return Buffer.from(body, 'utf-8');
}

// An officer attaches a PDF on a project's documents tab and sees it listed with its SHA-256.
test('uploading a PDF on the documents tab lists it with its hash', async ({ page }) => {
  await login(page, 'officer');
  await page.getByTestId('nav-projects').click();
  const rows = page.getByTestId('table-row');
  await expect(rows.first()).toBeVisible();
  await rows.first().locator('a').first().click();
  await expect(page.getByTestId('project-detail')).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Tài liệu' })).toHaveAttribute('aria-selected', 'true');

  const name = `Biên bản họp ${RUN}.pdf`;
  const content = pdf(`e2e ${RUN}`);
  await page.getByTestId('document-file').setInputFiles({ name, mimeType: 'application/pdf', buffer: content });

  const row = page.getByTestId('document-row').filter({ hasText: name });
  await expect(row).toBeVisible();
  await expect(row.getByTestId('document-sha256')).toHaveText(createHash('sha256').update(content).digest('hex'));
  await expect(row).toContainText('Hồ sơ đề án');
  await expect(row).toContainText('v1');
});
