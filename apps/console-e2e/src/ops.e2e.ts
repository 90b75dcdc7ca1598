import { expect, test } from '@playwright/test';
import { E2E_ADMIN } from './e2e-env';

// Its own client address (the e2e API trusts loopback proxies): login throttling counts each file apart.
test.use({ extraHTTPHeaders: { 'X-Forwarded-For': '198.51.100.16' } });

test('an admin pauses and resumes the jobs queue, retries every failed job, and finds it all in the audit trail', async ({
  page,
  request,
}) => {
  // A failed job to retry, made through the API.
  const login = await request.post('/api/auth/login', { data: E2E_ADMIN });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const headers = { Authorization: `Bearer ${accessToken}` };
  const created = await request.post('/api/jobs', {
    headers,
    data: { type: 'demo.simulate', payload: { durationMs: 0, failTimes: 1 }, maxAttempts: 1 },
  });
  const job = (await created.json()) as { id: string };
  const getJob = async () =>
    (await (await request.get(`/api/jobs/${job.id}`, { headers })).json()) as { status: string; finishedAt: string | null };
  await expect.poll(async () => (await getJob()).status).toBe('failed');
  const firstFailure = (await getJob()).finishedAt;

  await page.goto('/');
  await page.getByLabel('Username').fill(E2E_ADMIN.username);
  await page.getByLabel('Password', { exact: true }).fill(E2E_ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();

  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Queues' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Queues' })).toBeVisible();
  const jobsRow = page.locator('tr[data-row-id="jobs"]');
  await expect(jobsRow.locator('.state')).toHaveText('Running');

  await jobsRow.getByRole('button', { name: 'Pause' }).click();
  await expect(jobsRow.locator('.state')).toHaveText('Paused');
  await jobsRow.getByRole('button', { name: 'Resume' }).click();
  await expect(jobsRow.locator('.state')).toHaveText('Running');

  await page.getByRole('button', { name: 'Retry all failed' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(/Retry \d+ failed jobs?\?/);
  await dialog.getByRole('button', { name: /^Retry \d+$/ }).click();
  await expect(page.getByText(/Retried \d+ jobs?/)).toBeVisible();
  // It ran again (and, failing on its first attempt again, failed again later).
  await expect.poll(async () => (await getJob()).finishedAt).not.toBe(firstFailure);

  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Audit' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit' })).toBeVisible();
  const actions = page.locator('td.mat-column-action');
  await expect(actions.filter({ hasText: 'jobs.retry-failed' }).first()).toBeVisible();
  await expect(actions.filter({ hasText: 'queues.resume' }).first()).toBeVisible();
  await expect(actions.filter({ hasText: 'queues.pause' }).first()).toBeVisible();

  const action = page.getByLabel('Action');
  await action.fill('queues.pause');
  await action.press('Enter');
  await expect(page).toHaveURL(/action=queues\.pause/);
  await expect(actions).toHaveText(['queues.pause']);
  const row = page.locator('tr[data-row-id]').first();
  await expect(row.locator('td.mat-column-actor')).toHaveText(E2E_ADMIN.username);
  await expect(row.locator('td.mat-column-resource')).toHaveText('queues jobs');
  await expect(row.locator('td.mat-column-status')).toHaveText('204');
});
