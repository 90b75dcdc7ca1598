import { expect, test } from '@playwright/test';
import { signInAt } from './login';

// Its own client address (the e2e API trusts loopback proxies): login throttling counts each file apart.
test.use({ extraHTTPHeaders: { 'X-Forwarded-For': '198.51.100.13' } });

/**
 * The console runs under the API's Content-Security-Policy: every page, in both colour schemes, with no violation
 * (a blocked script, style or connection would be reported by the browser as a `securitypolicyviolation`).
 */
test('every page of the console runs under the Content-Security-Policy without a violation', async ({ page }) => {
  const violations: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __csp: string[] }).__csp ??= [];
      (window as unknown as { __csp: string[] }).__csp.push(
        `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`,
      );
    });
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  const response = await page.goto('/');
  expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");

  await signInAt(page, '/', 'Dashboard');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [path, heading] of [
      ['/', 'Dashboard'],
      ['/counters', 'Counters'],
      ['/jobs', 'Jobs'],
      ['/events', 'Events'],
      ['/events/blocks', 'Blocks'],
      ['/queues', 'Queues'],
      ['/audit', 'Audit'],
      ['/users', 'Users'],
      ['/cluster', 'Cluster'],
    ] as const) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      violations.push(...(await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? [])));
    }
  }
  expect(violations).toEqual([]);
});
