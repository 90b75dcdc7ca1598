import { expect, test } from '@playwright/test';
import { E2E_ADMIN, E2E_BASE_URL } from './e2e-env';
import { signInAt } from './login';

// Its own client address (the e2e API trusts loopback proxies): login throttling counts each file apart.
test.use({ extraHTTPHeaders: { 'X-Forwarded-For': '198.51.100.12' } });

test('an operator creates a timer, starts it and watches it tick live', async ({ page }) => {
  await signInAt(page, '/counters', 'Counters');

  const name = `e2e-timer-${Date.now()}`;
  await page.getByRole('button', { name: 'New counter' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('radio', { name: 'Timer' }).click();
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Interval (ms)').fill('200');
  await expect(dialog.getByLabel('Target (max)')).toHaveValue('100');
  await expect(dialog.getByLabel('Minimum')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog).toBeHidden();

  const row = page.locator(`tr[data-row-label="${name}"]`);
  await expect(row).toBeVisible();
  const value = row.getByTestId('counter-value');
  await expect(value).toHaveText('0');
  await expect(row.getByTestId('counter-caption')).toHaveText('up to 100');
  await expect(row.locator('pb-status-chip')).toContainText(/idle/i);
  // A timer ticks: no sale, no restock.
  await expect(row.getByRole('button', { name: /^Sell/ })).toHaveCount(0);

  await row.getByRole('button', { name: 'Start' }).click();
  await expect(row.locator('pb-status-chip')).toContainText(/running/i);
  // Pushed over the socket (the page never polls): the value climbs.
  await expect.poll(async () => Number(await value.textContent()), { timeout: 10_000 }).toBeGreaterThanOrEqual(3);

  await row.getByRole('button', { name: 'Pause' }).click();
  await expect(row.locator('pb-status-chip')).toContainText(/paused/i);
  const frozen = await value.textContent();
  await row.getByRole('button', { name: 'Resume' }).click();
  await expect(row.locator('pb-status-chip')).toContainText(/running/i);
  await expect.poll(async () => Number(await value.textContent())).toBeGreaterThan(Number(frozen));

  await row.getByRole('button', { name: 'Cancel' }).click();
  await expect(value).toHaveText('0');
  await expect(row.locator('mat-progress-bar')).toHaveAttribute('aria-valuenow', '0');
});

test('an operator creates a stock, which sells, restocks and resets but never ticks', async ({ page }) => {
  await signInAt(page, '/counters', 'Counters');
  const name = `e2e-stock-dialog-${Date.now()}`;
  await page.getByRole('button', { name: 'New counter' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('radio', { name: 'Stock' }).click();
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Initial stock').fill('3');
  await expect(dialog.getByLabel('Minimum')).toHaveValue('0');
  await expect(dialog.getByLabel('Interval (ms)')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog).toBeHidden();

  const row = page.locator(`tr[data-row-label="${name}"]`);
  const value = row.getByTestId('counter-value');
  await expect(value).toHaveText('3');
  await expect(row.getByRole('button', { name: 'Start ' + name })).toHaveCount(0);
  await expect(row.locator('td.mat-column-kind')).toHaveText('Stock');
  await expect(row.locator('td.mat-column-schedule')).toHaveText('—');

  for (let i = 0; i < 3; i++) await row.getByRole('button', { name: `Sell one of ${name}` }).click();
  await expect(value).toHaveText('0');
  // Sold out: the API refuses the next sale and the snackbar says why.
  await row.getByRole('button', { name: `Sell one of ${name}` }).click();
  await expect(page.locator('mat-snack-bar-container')).toContainText(`Counter '${name}' would go below its minimum 0; value is 0`);
  await row.getByRole('button', { name: `Restock ${name} by 1` }).click();
  await expect(value).toHaveText('1');
  await row.getByRole('button', { name: `Reset ${name} to 3` }).click();
  await expect(value).toHaveText('3');
});

test('two browsers on the counters page see the same values live, without reloading', async ({ browser }) => {
  const api = await browser.newContext({ baseURL: E2E_BASE_URL });
  const login = await (await api.request.post('/api/auth/login', { data: E2E_ADMIN })).json();
  const headers = { authorization: `Bearer ${login.accessToken}` };
  const stock = await (
    await api.request.post('/api/counters', { headers, data: { name: `e2e-stock-${Date.now()}`, initial: 1000, min: 0 } })
  ).json();
  const timer = await (
    await api.request.post('/api/counters', { headers, data: { name: `e2e-shared-timer-${Date.now()}`, max: 100, intervalMs: 300 } })
  ).json();

  const pages = [];
  for (let i = 0; i < 2; i++) {
    const context = await browser.newContext({ baseURL: E2E_BASE_URL });
    const page = await context.newPage();
    await page.goto('/login?returnUrl=%2Fcounters');
    await page.getByLabel('Username').fill(E2E_ADMIN.username);
    await page.getByLabel('Password', { exact: true }).fill(E2E_ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.locator(`tr[data-row-label="${stock.name}"]`)).toBeVisible();
    pages.push(page);
  }
  const [a, b] = pages;

  // Three sales in browser A show up in browser B.
  for (let i = 0; i < 3; i++)
    await a
      .locator(`tr[data-row-label="${stock.name}"]`)
      .getByRole('button', { name: `Sell one of ${stock.name}` })
      .click();
  for (const p of pages) await expect(p.locator(`tr[data-row-label="${stock.name}"]`).getByTestId('counter-value')).toHaveText('997');

  // A timer started from the API ticks in both browsers; they show the same value at the same moment (± one tick).
  await api.request.post(`/api/counters/${timer.id}/start`, { headers });
  const valueIn = (p: typeof a) => p.locator(`tr[data-row-label="${timer.name}"]`).getByTestId('counter-value');
  await expect.poll(async () => Number(await valueIn(b).textContent()), { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
  const [va, vb] = await Promise.all([valueIn(a).textContent(), valueIn(b).textContent()]);
  expect(Math.abs(Number(va) - Number(vb))).toBeLessThanOrEqual(1);
  await api.request.post(`/api/counters/${timer.id}/cancel`, { headers });
  await Promise.all(pages.map((p) => p.context().close()));
  await api.close();
});
