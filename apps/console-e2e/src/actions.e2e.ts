import { APIRequestContext, expect, Page, test } from '@playwright/test';
import { E2E_ADMIN } from './e2e-env';
import { signInAt } from './login';

// Its own client address (the e2e API trusts loopback proxies): login throttling counts each file apart.
test.use({ extraHTTPHeaders: { 'X-Forwarded-For': '198.51.100.11' } });

/** The action buttons no other browser test clicks: users, queue cleaning, audit filters, reopen, delete, restock and
 * reset, and the jobs page's search, bulk actions and detail log. */

async function api(request: APIRequestContext) {
  const login = await request.post('/api/auth/login', { data: E2E_ADMIN });
  const headers = { Authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}` };
  return {
    post: async (path: string, data: unknown) => (await request.post(path, { headers, data })).json() as Promise<Record<string, unknown>>,
    get: async (path: string) => (await request.get(path, { headers })).json() as Promise<Record<string, unknown>>,
  };
}

const snack = (page: Page) => page.locator('mat-snack-bar-container');

test('users: create one, change its role, disable and enable it, reset its password', async ({ page }) => {
  const name = `e2e-user-${Date.now() % 100000}`;
  await signInAt(page, '/users', 'Users');
  await page.getByRole('button', { name: 'New user' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Username').fill(name);
  await dialog.getByLabel('Password').fill('a-long-password-1');
  await dialog.getByRole('button', { name: 'Create' }).click();
  const row = page.locator(`tr[data-row-label="${name}"]`);
  await expect(row).toBeVisible();

  await row.getByRole('combobox').click();
  await page.getByRole('option', { name: 'operator' }).click();
  await expect(row.getByRole('combobox')).toContainText('operator');

  await row.getByRole('button', { name: 'Disable' }).click();
  await expect(row.locator('.state')).toHaveText('Disabled');
  await row.getByRole('button', { name: 'Enable' }).click();
  await expect(row.locator('.state')).toHaveText('Active');

  await row.getByRole('button', { name: 'Reset password' }).click();
  await page.getByRole('dialog').getByLabel('New password').fill('another-password-2');
  await page.getByRole('dialog').getByRole('button', { name: 'Set password' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  // The new password signs in.
  const res = await page.request.post('/api/auth/login', { data: { username: name, password: 'another-password-2' } });
  expect(res.status()).toBe(200);
});

test('queues: refresh and clean; audit: filter and clear the filters', async ({ page }) => {
  await signInAt(page, '/queues', 'Queues');
  await page.getByRole('button', { name: 'Refresh' }).click();
  await page.locator('tr[data-row-id="results"]').getByRole('button', { name: 'Clean' }).click();
  await expect(snack(page)).toContainText(/Removed \d+ (completed|failed) entr(y|ies) older than .* from results/);

  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Audit' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit' })).toBeVisible();
  await page.getByRole('search', { name: 'Audit filters' }).getByLabel('Action').fill('queues.clean');
  await page.keyboard.press('Enter');
  await expect(page.locator('td.mat-column-action').first()).toHaveText('queues.clean');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page.getByRole('search', { name: 'Audit filters' }).getByLabel('Action')).toHaveValue('');
});

test('events: reopen a completed event; counters: restock, reset and delete a stock', async ({ page, request }) => {
  const a = await api(request);
  const title = `Reopen me ${Date.now() % 100000}`;
  const event = await a.post('/api/events', { type: 'e2e', source: 'actions', title });
  await a.post(`/api/events/${event['id']}/complete`, {});
  const stock = `e2e-stock-${Date.now() % 100000}`;
  await a.post('/api/counters', { name: stock, initial: 5, min: 0 });

  await signInAt(page, `/events?source=actions`, 'Events');
  await page.getByRole('button', { name: `Reopen ${title}` }).click();
  await expect(page.getByRole('button', { name: `Complete ${title}` })).toBeVisible();

  await page.goto('/counters');
  await expect(page.getByRole('heading', { level: 1, name: 'Counters' })).toBeVisible();
  const restock = page.getByRole('button', { name: new RegExp(`^Restock ${stock} by \\d+$`) });
  await restock.click();
  await expect
    .poll(
      async () =>
        ((await a.get('/api/counters?pageSize=100')) as { items: { name: string; value: number }[] }).items.find((c) => c.name === stock)
          ?.value,
    )
    .toBeGreaterThan(5);
  await page.getByRole('button', { name: `Reset ${stock} to 5` }).click();
  await expect
    .poll(
      async () =>
        ((await a.get('/api/counters?pageSize=100')) as { items: { name: string; value: number }[] }).items.find((c) => c.name === stock)
          ?.value,
    )
    .toBe(5);
  await page.getByRole('button', { name: `Delete ${stock}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('button', { name: `Delete ${stock}` })).toHaveCount(0);
});

test("jobs: search payloads and errors, retry several failed jobs at once, read a job's attempts and log", async ({ page, request }) => {
  const a = await api(request);
  const marker = `needle-${Date.now() % 100000}`;
  const ids: string[] = [];
  for (let i = 0; i < 2; i++) {
    const job = await a.post('/api/jobs', { type: 'events.export', payload: { filter: { q: marker, status: 'open' }, format: 'csv' } });
    ids.push(job['id'] as string);
  }
  const failing = await a.post('/api/jobs', { type: 'demo.simulate', payload: { durationMs: 0, failTimes: 1 }, maxAttempts: 1 });
  await expect.poll(async () => (await a.get(`/api/jobs/${failing['id']}`))['status']).toBe('failed');

  await signInAt(page, '/jobs', 'Jobs');
  const search = page.getByLabel('Search job payloads and errors');
  await search.fill(marker);
  await search.press('Enter');
  await expect(page).toHaveURL(new RegExp(`q=${marker}`));
  await expect(page.locator('tr[data-row-id]')).toHaveCount(2);

  await search.fill('failTimes');
  await search.press('Enter');
  const row = page.locator(`tr[data-row-id="${failing['id']}"]`);
  await row.locator('mat-checkbox input').check();
  await page.getByTestId('retry-checked').click();
  await expect(snack(page)).toContainText('Retried 1 job.');

  await row.click();
  const detail = page.getByRole('complementary', { name: 'Job details' });
  await expect(detail.getByTestId('job-log')).toContainText(/attempt 1 of 1 started/);
  await expect(detail.locator('.attempts-table tbody tr').first()).toContainText('Simulated failure on attempt 1');
});
