import { expect, test } from '@playwright/test';
import { E2E_ADMIN } from './e2e-env';

test('an operator creates a demo.simulate job from the dialog and watches it complete live in the table', async ({ page }) => {
  await page.goto('/jobs');
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel('Username').fill(E2E_ADMIN.username);
  await page.getByLabel('Password', { exact: true }).fill(E2E_ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Jobs' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Realtime connection' })).toHaveAttribute('data-status', 'connected');

  await page.getByRole('button', { name: 'New job' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading', { name: 'New job' })).toBeVisible();
  const payload = dialog.getByLabel('Payload (JSON)');
  // Pre-filled with the type's example; a JSON mistake is explained before anything is sent.
  await expect(payload).toHaveValue(/"durationMs"/);
  await payload.fill('{"durationMs": ');
  await expect(dialog.getByText(/^Invalid JSON/)).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Create' })).toBeDisabled();
  // The API's own validation messages are shown inline.
  await payload.fill('{"durationMs": 999999}');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog.getByText('payload.durationMs must not be greater than 60000')).toBeVisible();

  await payload.fill('{"durationMs": 1500}');
  const created = page.waitForResponse((r) => r.url().endsWith('/api/jobs') && r.request().method() === 'POST' && r.status() === 202);
  await dialog.getByRole('button', { name: 'Create' }).click();
  const job = (await (await created).json()) as { id: string };
  await expect(dialog).toBeHidden();

  // No reload, no polling: the row appears and moves to completed through socket pushes.
  const row = page.locator(`tr[data-job="${job.id}"]`);
  await expect(row).toBeVisible();
  await expect(row.locator('pb-status-chip')).toHaveText(/Completed/, { timeout: 15_000 });
  await expect(row.locator('.pct')).toHaveText('100%');

  await row.click();
  const detail = page.getByRole('complementary', { name: 'Job details' });
  await expect(detail.locator('pre.result')).toContainText('"durationMs": 1500');
});
