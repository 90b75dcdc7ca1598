import { expect, test } from '@playwright/test';
import { signInAt } from './login';

// Its own client address (the e2e API trusts loopback proxies): login throttling counts each file apart.
test.use({ extraHTTPHeaders: { 'X-Forwarded-For': '198.51.100.19' } });

test('an admin sees the running API process and who holds each lease, live, on the Cluster page', async ({ page }) => {
  await signInAt(page, '/cluster', 'Cluster');
  await expect(page.getByTestId('cluster-summary')).toContainText(/1 API process, \d+ workers?/);
  const api = page.locator('tr[data-row-label^="api "]');
  await expect(api).toHaveCount(1);
  await expect(api.locator('td.mat-column-pid')).toHaveText(/^\s*\d+\s*$/);
  // The e2e API is alone: it holds every lease itself.
  for (const lease of ['blocks-feed', 'simulator', 'counter-ticker', 'job-reconciler']) {
    await expect(api.locator('.lease', { hasText: lease })).toBeVisible();
  }
  const leases = page.getByRole('table', { name: 'Leases' });
  await expect(leases.getByRole('row')).toHaveCount(5);
  // Live: the view is read again every 2 s (the process's last-seen time moves).
  const seen = api.locator('.last-seen');
  const first = await seen.getAttribute('title');
  await expect.poll(() => seen.getAttribute('title'), { timeout: 10_000 }).not.toBe(first);
});
