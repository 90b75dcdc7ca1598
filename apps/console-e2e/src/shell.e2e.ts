import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { seedDemoData } from './demo-data';
import { E2E_ADMIN } from './e2e-env';

// Its own client address (the e2e API trusts loopback proxies): login throttling counts each file apart.
test.use({ extraHTTPHeaders: { 'X-Forwarded-For': '198.51.100.17' } });

const screenshot = (scheme: 'light' | 'dark') => join(__dirname, `../../../docs/screenshot-console-${scheme}.png`);

test('a visitor is sent to the login page, signs in, and sees the live console', async ({ page, request }) => {
  // The seeding must work: the dashboard checks below compare with what it made.
  const seeded = await seedDemoData(request);
  expect(seeded.skipped).toEqual([]);
  expect(seeded.counters).toBeGreaterThan(0);
  expect(seeded.events).toBeGreaterThan(0);

  await page.goto('/');

  // Not signed in: the console asks for credentials and remembers where the visitor was going.
  await expect(page).toHaveURL(/\/login\?returnUrl=%2F$/);
  await expect(page.getByText('Sign in', { exact: true }).first()).toBeVisible();

  // The form explains what is missing before calling the API.
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Enter your username')).toBeVisible();

  await page.getByLabel('Username').fill(E2E_ADMIN.username);
  await page.getByLabel('Password', { exact: true }).fill(E2E_ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();

  // Signed in: back to where the visitor was going, inside the shell.
  await expect(page).toHaveURL(/\/$/);
  const toolbar = page.locator('mat-toolbar');
  await expect(toolbar.getByText('Pulseboard')).toBeVisible();
  await expect(toolbar.locator('.username')).toHaveText(E2E_ADMIN.username);
  await expect(toolbar.locator('.role')).toHaveText('admin');
  await expect(toolbar.getByRole('button', { name: 'Log out' })).toBeVisible();

  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  for (const name of ['Dashboard', 'Counters', 'Jobs', 'Events']) {
    await expect(nav.getByRole('link', { name })).toBeVisible();
  }
  await expect(nav.getByRole('link', { name: 'Dashboard' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();

  // The socket.io connection authenticates with the token and goes live.
  const live = page.getByRole('status').filter({ hasText: 'Realtime connection' });
  await expect(live).toHaveText(/Live/);
  await expect(live).toHaveAttribute('data-status', 'connected');

  // The dashboard shows what the API holds (other tests share this API, so compare with it, not with the seed).
  await expect(page.locator('pb-dashboard-card mat-progress-spinner')).toHaveCount(0);
  const counters = await request.get('/api/counters?pageSize=1', { headers: { Authorization: `Bearer ${seeded.token}` } });
  const { total } = (await counters.json()) as { total: number };
  expect(total).toBeGreaterThanOrEqual(seeded.counters);
  await expect(page.getByRole('group', { name: 'Counters' }).locator('.value')).toHaveText(String(total));
  // The blocks feed keeps adding events, so only a lower bound is stable.
  const open = page.getByRole('group', { name: 'Open events' }).locator('.value');
  await expect(open).toHaveText(/^[\d,]+$/);
  expect(Number((await open.textContent())?.replace(/,/g, ''))).toBeGreaterThanOrEqual(seeded.events);

  // The pictures for the README, light and dark (the toolbar's colour scheme menu), with no hover effect
  // (charts do not animate: the config asks for reduced motion). The layout scrolls inside the sidenav content,
  // not the document, so grow the window to the content first.
  await page.mouse.move(0, 0);
  const contentHeight = await page.locator('mat-sidenav-content').evaluate((el) => el.scrollHeight);
  await page.setViewportSize({ width: 1440, height: Math.max(900, contentHeight + 64) });
  for (const scheme of ['light', 'dark'] as const) {
    await page.getByRole('button', { name: /^Colour scheme/ }).click();
    await page.getByRole('menuitemradio', { name: scheme === 'light' ? 'Light' : 'Dark' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
    await expect(page.getByRole('menu')).toHaveCount(0);
    await page.mouse.move(0, 0);
    await expect(page.locator('pb-dashboard-card canvas').first()).toBeVisible();
    await page.screenshot({ path: screenshot(scheme), fullPage: true });
  }
});
