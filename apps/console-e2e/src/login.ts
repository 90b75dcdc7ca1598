import { Page, expect } from '@playwright/test';
import { E2E_ADMIN } from './e2e-env';

/** Opens `path` as a visitor, signs in as the admin on the login page it lands on, and waits for the page. */
export async function signInAt(page: Page, path: string, heading: string): Promise<void> {
  await page.goto(path);
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel('Username').fill(E2E_ADMIN.username);
  await page.getByLabel('Password', { exact: true }).fill(E2E_ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
}
