import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './axe';
import { E2E_ADMIN } from './e2e-env';
import { signInAt } from './login';

// Its own client address (the e2e API trusts loopback proxies): login throttling counts each file apart.
test.use({ extraHTTPHeaders: { 'X-Forwarded-For': '198.51.100.10' } });

const PAGES = [
  ['/', 'Dashboard'],
  ['/counters', 'Counters'],
  ['/jobs', 'Jobs'],
  ['/events', 'Events'],
  ['/events/blocks', 'Blocks'],
  ['/queues', 'Queues'],
  ['/audit', 'Audit'],
  ['/users', 'Users'],
  ['/cluster', 'Cluster'],
] as const;

test('no serious or critical accessibility violation on any page, in the light and the dark theme', async ({ page, request }) => {
  test.setTimeout(180_000);
  // A finished job, to check the detail panel with its attempts and log.
  const login = await request.post('/api/auth/login', { data: E2E_ADMIN });
  const headers = { Authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}` };
  const job = (await (
    await request.post('/api/jobs', { headers, data: { type: 'demo.simulate', payload: { durationMs: 0, failTimes: 1 }, maxAttempts: 2 } })
  ).json()) as { id: string };
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
  await expectNoSeriousA11yViolations(page, 'login');
  await signInAt(page, '/', 'Dashboard');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    for (const [path, heading] of PAGES) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      // Let the first page of data land (tables and charts are part of what is checked).
      await page.waitForLoadState('networkidle').catch(() => undefined);
      await expectNoSeriousA11yViolations(page, `${path} (${scheme})`);
    }
    // The job detail panel open (attempts, log).
    await page.goto(`/jobs?job=${job.id}`);
    await expect(page.getByRole('complementary', { name: 'Job details' })).toBeVisible();
    await expectNoSeriousA11yViolations(page, `job detail (${scheme})`);
    // A dialog open.
    await page.goto('/jobs');
    await page.getByRole('button', { name: 'New job' }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await expectNoSeriousA11yViolations(page, `new job dialog (${scheme})`);
    await page.keyboard.press('Escape');
  }
});

test('every action is reachable by keyboard with a visible focus indicator', async ({ page }) => {
  await signInAt(page, '/counters', 'Counters');
  const seen = new Set<string>();
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const s = getComputedStyle(el);
      const visible =
        (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) ||
        s.boxShadow !== 'none' ||
        // Material draws its focus indicator on a pseudo element of the control or a ripple host.
        getComputedStyle(el, '::before').borderStyle !== 'none' ||
        getComputedStyle(el, '::after').borderStyle !== 'none' ||
        !!el.querySelector('.mat-focus-indicator, .mdc-button__ripple');
      return { label: el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40) ?? el.tagName, visible };
    });
    if (!focus) continue;
    expect({ element: focus.label, visibleFocus: focus.visible }).toEqual({ element: focus.label, visibleFocus: true });
    seen.add(focus.label);
  }
  // The toolbar, the navigation and the page's own actions were all reached.
  expect([...seen].join(' | ')).toMatch(/Counters/);
  expect(seen.size).toBeGreaterThan(8);
});
