import { expect, test } from '@playwright/test';
import { E2E_ADMIN } from './e2e-env';

test('an operator starts the simulator, sees events arrive live, stops it, and watches blocks', async ({ page }) => {
  await page.goto('/events');
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel('Username').fill(E2E_ADMIN.username);
  await page.getByLabel('Password', { exact: true }).fill(E2E_ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Events' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Realtime connection' })).toHaveAttribute('data-status', 'connected');
  // The simulated chain adds a block event every second (FEED_BLOCKS_SIM_INTERVAL_MS), so the first page may already
  // be full: count the simulator's rows, which are the ones that are not blocks.
  const simulatedRows = page.getByTestId('event-row').filter({ hasNotText: 'Block #' });
  const simulatedBefore = await simulatedRows.count();

  await page.getByLabel('Events per second').fill('5');
  await page.getByRole('button', { name: 'Start simulator' }).click();
  await expect(page.getByTestId('simulator-state')).toHaveText('running at 5/s');
  // No reload: simulated rows are pushed to the top of the first page.
  await expect.poll(() => simulatedRows.count(), { timeout: 15_000 }).toBeGreaterThan(simulatedBefore);
  await page.getByRole('button', { name: 'Stop simulator' }).click();
  await expect(page.getByTestId('simulator-state')).toHaveText('stopped');

  await page.getByRole('link', { name: 'Blocks' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Blocks' })).toBeVisible();
  await expect(page.getByTestId('block-row').first()).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('block-number').first()).toHaveText(/^\d+$/);
});
