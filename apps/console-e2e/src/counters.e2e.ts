import { expect, test } from '@playwright/test';
import { E2E_ADMIN, E2E_BASE_URL } from './e2e-env';

test('an operator creates a timer, starts it and watches it tick live', async ({ page }) => {
  await page.goto('/counters');
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel('Username').fill(E2E_ADMIN.username);
  await page.getByLabel('Password', { exact: true }).fill(E2E_ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Counters' })).toBeVisible();

  const name = `e2e-timer-${Date.now()}`;
  await page.getByRole('button', { name: 'New counter' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Timer 0→100' }).click();
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Interval (ms)').fill('200');
  await expect(dialog.getByLabel('Max')).toHaveValue('100');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog).toBeHidden();

  const row = page.locator(`tr[data-counter="${name}"]`);
  await expect(row).toBeVisible();
  const value = row.getByTestId('counter-value');
  await expect(value).toHaveText('0');
  await expect(row.locator('pb-status-chip')).toContainText(/idle/i);

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

  // A 409 is shown in a snackbar: the timer cannot be started while running.
  await row.getByRole('button', { name: 'Cancel' }).click();
  await expect(value).toHaveText('0');
  await row.getByRole('button', { name: 'Subtract 1 from ' + name }).click();
  await expect(page.locator('mat-snack-bar-container')).toContainText(`Counter '${name}' would go below its minimum 0; value is 0`);
});

test('two browsers on the counters page see the same values live, without reloading', async ({ browser }) => {
  const api = await browser.newContext({ baseURL: E2E_BASE_URL });
  const login = await (await api.request.post('/api/auth/login', { data: E2E_ADMIN })).json();
  const headers = { authorization: `Bearer ${login.accessToken}` };
  const stock = await (await api.request.post('/api/counters', { headers, data: { name: `e2e-stock-${Date.now()}`, initial: 1000, min: 0 } })).json();
  const timer = await (await api.request.post('/api/counters', { headers, data: { name: `e2e-shared-timer-${Date.now()}`, max: 100, intervalMs: 300 } })).json();

  const pages = [];
  for (let i = 0; i < 2; i++) {
    const context = await browser.newContext({ baseURL: E2E_BASE_URL });
    const page = await context.newPage();
    await page.goto('/login?returnUrl=%2Fcounters');
    await page.getByLabel('Username').fill(E2E_ADMIN.username);
    await page.getByLabel('Password', { exact: true }).fill(E2E_ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.locator(`tr[data-counter="${stock.name}"]`)).toBeVisible();
    pages.push(page);
  }
  const [a, b] = pages;

  // Three sales in browser A show up in browser B.
  for (let i = 0; i < 3; i++) await a.locator(`tr[data-counter="${stock.name}"]`).getByRole('button', { name: 'Sell' }).click();
  for (const p of pages) await expect(p.locator(`tr[data-counter="${stock.name}"]`).getByTestId('counter-value')).toHaveText('997');

  // A timer started from the API ticks in both browsers; they show the same value at the same moment (± one tick).
  await api.request.post(`/api/counters/${timer.id}/start`, { headers });
  const valueIn = (p: typeof a) => p.locator(`tr[data-counter="${timer.name}"]`).getByTestId('counter-value');
  await expect.poll(async () => Number(await valueIn(b).textContent()), { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
  const [va, vb] = await Promise.all([valueIn(a).textContent(), valueIn(b).textContent()]);
  expect(Math.abs(Number(va) - Number(vb))).toBeLessThanOrEqual(1);
  await api.request.post(`/api/counters/${timer.id}/cancel`, { headers });
  await Promise.all(pages.map((p) => p.context().close()));
  await api.close();
});
