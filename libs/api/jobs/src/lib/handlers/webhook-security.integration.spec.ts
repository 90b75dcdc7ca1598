// webhook.deliver as an attacker would use it: internal addresses refused without a connection, secret headers and URL
// credentials used but never shown (202, GET, list, SSE, socket, errors, the job's log), unknown keys refused.
import http from 'node:http';
import { createTestApp, nextSocketEvent, TestApp } from '@pulseboard/api/testing';
import { EVENTS_MIGRATIONS } from '@pulseboard/api/events';
import type { Job, JobDetail } from '@pulseboard/shared/contracts';
import { createJob, fakeServer, FakeServer, json, waitForStatus } from '../../test/helpers';
import { JobsModule } from '../jobs.module';
import { JOBS_MIGRATIONS } from '../migrations';

const MIGRATIONS = [...JOBS_MIGRATIONS, ...EVENTS_MIGRATIONS];
const SECRET = 's3cret-token-value';

function streamText(t: TestApp, token: string, id: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(`${t.url}/api/jobs/${id}/stream`, { headers: { Authorization: `Bearer ${token}` } }, (res) => {
        let d = '';
        res.on('data', (c) => (d += c));
        res.on('end', () => resolve(d));
      })
      .on('error', reject);
  });
}

describe('webhook.deliver without WEBHOOK_ALLOWED_HOSTS', () => {
  let t: TestApp;
  let token: string;
  let hook: FakeServer;
  beforeAll(async () => {
    hook = await fakeServer((_q, _i, res) => json(res, 200, {}));
    t = await createTestApp({ imports: [JobsModule], migrations: MIGRATIONS, env: { JOB_BACKOFF_MS: '20' } });
    token = await t.login();
  });
  afterAll(async () => {
    await t.close();
    await hook.close();
  });

  it('fails a call to a loopback address at once, naming the rule and the variable, and opens no connection', async () => {
    const created = await createJob(t, token, { type: 'webhook.deliver', payload: { url: `${hook.url}/hook` }, maxAttempts: 3 });
    const failed = await waitForStatus(t, token, created.id, 'failed');
    expect(failed.error?.message).toBe(
      'Refused to call 127.0.0.1: it resolves to 127.0.0.1, a loopback address; outbound calls may not reach internal addresses (add "127.0.0.1" to WEBHOOK_ALLOWED_HOSTS to allow it)',
    );
    expect(failed.attempts).toBe(1);
    expect(hook.requests).toHaveLength(0);
  });

  it('sees through another spelling of loopback (2130706433)', async () => {
    const port = new URL(hook.url).port;
    const created = await createJob(t, token, { type: 'webhook.deliver', payload: { url: `http://2130706433:${port}/` } });
    const failed = await waitForStatus(t, token, created.id, 'failed');
    expect(failed.error?.message).toMatch(/^Refused to call 127\.0\.0\.1: .* loopback address/);
    expect(hook.requests).toHaveLength(0);
  });
});

describe('webhook.deliver secrets', () => {
  let t: TestApp;
  let token: string;
  let viewer: string;
  let hook: FakeServer;
  beforeAll(async () => {
    hook = await fakeServer((_q, i, res) => json(res, i === 0 ? 500 : 200, {}));
    t = await createTestApp({
      imports: [JobsModule],
      migrations: MIGRATIONS,
      env: { JOB_BACKOFF_MS: '20', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' },
    });
    token = await t.login();
    viewer = await t.tokenFor('viewer');
  });
  afterAll(async () => {
    await t.close();
    await hook.close();
  });

  it('uses the headers and URL credentials, and shows "***" on every read path', async () => {
    const socket = await t.socket(viewer);
    await socket.emitWithAck('subscribe', { topics: ['jobs'] });
    const pushes: Job[] = [];
    socket.on('job.updated', (j: Job) => pushes.push(j));
    const url = hook.url.replace('http://', 'http://alice:pa55word@');
    const accepted = await createJob(t, token, {
      type: 'webhook.deliver',
      payload: { url: `${url}/hook`, headers: { Authorization: `Bearer ${SECRET}` }, body: { a: 1 } },
      maxAttempts: 2,
    });
    const done = await nextSocketEvent<Job>(socket, 'job.updated', (j) => j.id === accepted.id && j.status === 'completed');
    // The receiver got the real values.
    expect(hook.requests[1].headers['authorization']).toBe(`Bearer ${SECRET}`);
    // Every read path shows masks, for every role.
    const shown = { headers: { Authorization: '***' }, url: hook.url.replace('http://', 'http://***:***@') + '/hook' };
    expect(accepted.payload).toMatchObject(shown);
    expect(done.payload).toMatchObject(shown);
    const detail = (await t.http().get(`/api/jobs/${accepted.id}`).set('Authorization', `Bearer ${viewer}`).expect(200)).body as JobDetail;
    const list = (await t.http().get('/api/jobs?type=webhook.deliver').set('Authorization', `Bearer ${token}`).expect(200)).body;
    const sse = await streamText(t, viewer, accepted.id);
    const everything = JSON.stringify({ accepted, pushes, detail, list }) + sse;
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain('pa55word');
    expect(detail.payload).toMatchObject(shown);
    // The failed first attempt's error and the log name the URL without its credentials.
    expect(detail.history[0].error).toBe(`POST ${shown.url} answered HTTP 500`);
    expect(detail.logs.map((l) => l.line).join('\n')).toContain(`POST ${shown.url} answered HTTP 200`);
  });

  it('answers 400 for __proto__ or constructor keys in a payload (never silently dropped)', async () => {
    for (const key of ['__proto__', 'constructor']) {
      const res = await t
        .http()
        .post('/api/jobs')
        .set('Authorization', `Bearer ${token}`)
        .set('Content-Type', 'application/json')
        .send(`{"type":"webhook.deliver","payload":{"url":"https://example.com/","${key}":{"polluted":true}}}`);
      expect({ key, status: res.status }).toEqual({ key, status: 400 });
      expect(res.body.message).toBe(
        `JSON body has a "${key}" key, which is not allowed (__proto__, constructor, prototype are reserved names)`,
      );
    }
  });
});
