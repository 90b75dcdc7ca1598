import { expect, test } from '@playwright/test';
import { signInAt } from './login';

// Its own client address (the e2e API trusts loopback proxies): login throttling counts each file apart.
test.use({ extraHTTPHeaders: { 'X-Forwarded-For': '198.51.100.18' } });

const scheme = (page: import('@playwright/test').Page) => page.evaluate(() => document.documentElement.dataset['theme']);
const background = (page: import('@playwright/test').Page) =>
  page.evaluate(() => getComputedStyle(document.querySelector('mat-sidenav-container') as Element).backgroundColor);

/** Relative luminance-ish brightness of an `rgb(r, g, b)` colour, 0..255. */
const brightness = (rgb: string) => {
  const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};

test('the console follows the system colour scheme, and a chosen one is remembered across reloads', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await signInAt(page, '/', 'Dashboard');
  // Nothing chosen: the system's dark preference applies.
  expect(await scheme(page)).toBe('dark');
  expect(brightness(await background(page))).toBeLessThan(60);

  const toggle = page.getByRole('button', { name: /^Colour scheme/ });
  await expect(toggle).toHaveAccessibleName('Colour scheme: system');
  // Keyboard only: focus the toggle, open the menu, pick Light.
  await toggle.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('menuitemradio', { name: 'Light' }).click();
  expect(await scheme(page)).toBe('light');
  expect(brightness(await background(page))).toBeGreaterThan(200);
  await expect(toggle).toHaveAccessibleName('Colour scheme: light');

  // Remembered: a reload (still a dark system) stays light.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  expect(await scheme(page)).toBe('light');

  // Dark, then back to the system's, which now says light.
  await toggle.click();
  await page.getByRole('menuitemradio', { name: 'Dark' }).click();
  expect(await scheme(page)).toBe('dark');
  await page.reload();
  expect(await scheme(page)).toBe('dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await toggle.click();
  await page.getByRole('menuitemradio', { name: 'System' }).click();
  expect(await scheme(page)).toBe('light');
  expect(await page.evaluate(() => localStorage.getItem('pb-theme'))).toBeNull();
});
