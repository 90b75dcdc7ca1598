import { expect, test } from '@playwright/test';
import { signInAt } from './login';

// Its own client address (the e2e API trusts loopback proxies): login throttling counts each file apart.
test.use({ extraHTTPHeaders: { 'X-Forwarded-For': '198.51.100.15' } });

test('an operator creates a demo.simulate job from the dialog and watches it complete live in the table', async ({ page }) => {
  await signInAt(page, '/jobs', 'Jobs');
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
  const row = page.locator(`tr[data-row-id="${job.id}"]`);
  await expect(row).toBeVisible();
  await expect(row.locator('pb-status-chip')).toHaveText(/Completed/, { timeout: 15_000 });
  await expect(row.locator('.pct')).toHaveText('100%');

  // Keyboard: focus the row and open its detail with Enter; the selection goes into the URL.
  await row.focus();
  await page.keyboard.press('Enter');
  const detail = page.getByRole('complementary', { name: 'Job details' });
  await expect(detail.locator('pre.result')).toContainText('"durationMs": 1500');
  await expect(page).toHaveURL(new RegExp(`[?&]job=${job.id}`));

  // A reload (or a shared link) opens the same job again.
  await page.reload();
  await expect(page.getByRole('complementary', { name: 'Job details' }).locator('.id')).toHaveText(job.id);
  await expect(page.locator(`tr[data-row-id="${job.id}"]`)).toHaveClass(/active/);

  await page.getByRole('button', { name: 'Close job details' }).click();
  await expect(page.getByRole('complementary', { name: 'Job details' })).toHaveCount(0);
  await expect(page).not.toHaveURL(/job=/);
});
