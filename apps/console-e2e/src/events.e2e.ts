import { expect, test } from '@playwright/test';
import { E2E_ADMIN } from './e2e-env';
import { signInAt } from './login';

// Its own client address (the e2e API trusts loopback proxies): login throttling counts each file apart.
test.use({ extraHTTPHeaders: { 'X-Forwarded-For': '198.51.100.14' } });

test('an operator starts the simulator, sees events arrive live, stops it, and watches blocks', async ({ page }) => {
  await signInAt(page, '/events', 'Events');
  await expect(page.getByRole('status').filter({ hasText: 'Realtime connection' })).toHaveAttribute('data-status', 'connected');
  // The simulated chain adds a block event every second (FEED_BLOCKS_SIM_INTERVAL_MS), so the first page may already
  // be full: count the simulator's rows, which are the ones that are not blocks.
  const simulatedRows = page.locator('tr[data-row-id]').filter({ hasNotText: 'Block #' });
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
  await expect(page.locator('pb-blocks-page tr[data-row-id]').first()).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('block-number').first()).toHaveText(/^\d+$/);
});

test('on page 2 a new event grows the total and offers a link to it; several events are completed at once', async ({ page, request }) => {
  const login = await (await request.post('/api/auth/login', { data: E2E_ADMIN })).json();
  const headers = { Authorization: `Bearer ${login.accessToken as string}` };
  // Own source and type, so the blocks feed and other tests do not change this list.
  const source = `e2e-${Date.now()}`;
  const events = Array.from({ length: 25 }, (_, i) => ({ type: 'e2e', source, title: `Batch event ${i + 1}`, severity: 'info' }));
  expect((await request.post('/api/events/batch', { headers, data: { events } })).ok()).toBe(true);

  await signInAt(page, `/events?source=${source}&page=2&pageSize=10`, 'Events');
  await expect(page.getByRole('status').filter({ hasText: 'Realtime connection' })).toHaveAttribute('data-status', 'connected');
  const rows = page.locator('tr[data-row-id]');
  await expect(rows).toHaveCount(10);
  const range = page.locator('.mat-mdc-paginator-range-label');
  await expect(range).toHaveText('11 – 20 of 25');
  const onScreen = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-row-id')));

  const created = await (
    await request.post('/api/events', { headers, data: { type: 'e2e', source, title: 'Arrived while on page 2', severity: 'warning' } })
  ).json();
  // The rows do not move; the total grows; a link leads to the new event.
  await expect(range).toHaveText('11 – 20 of 26');
  await expect(page.getByTestId('new-events')).toHaveText(/^\s*1 new event\s*$/);
  expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-row-id')))).toEqual(onScreen);

  await page.getByTestId('new-events').click();
  await expect(page).toHaveURL(/\/events\?source=[^&]+&pageSize=10$/);
  await expect(rows.first()).toHaveAttribute('data-row-id', created.id as string);
  await expect(page.getByTestId('new-events')).toHaveCount(0);

  // Its detail shows the payload.
  await rows.first().click();
  await expect(page.getByRole('complementary', { name: 'Event details' }).getByTestId('event-payload')).toHaveText('{}');

  // Check three rows and complete them at once: one request each.
  const completes: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && /\/api\/events\/[^/]+\/complete$/.test(r.url())) completes.push(r.url());
  });
  const targets = rows.filter({ hasText: 'Batch event' });
  for (let i = 0; i < 3; i++) await targets.nth(i).getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Complete 3 selected' }).click();
  await expect(page.locator('mat-snack-bar-container')).toContainText('Completed 3 events.');
  for (let i = 0; i < 3; i++) await expect(targets.nth(i).locator('td.mat-column-status pb-status-chip')).toHaveText(/Completed/);
  expect(completes).toHaveLength(3);
  await expect(page.getByRole('button', { name: /Complete \d+ selected/ })).toHaveCount(0);
});
