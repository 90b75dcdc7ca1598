// Security headers on every kind of answer, HSTS only in production, and who may read the API docs (SWAGGER).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, TEST_ADMIN, type TestApp } from '@pulseboard/api/testing';
import { AppModule } from '../app.module';

const QUIET = { QUEUE_PROCESSORS: 'off', FEED_BLOCKS_SIM_INTERVAL_MS: '3600000' };
const consoleDir = mkdtempSync(join(tmpdir(), 'pulseboard-console-'));
writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><title>Pulseboard</title><pb-root></pb-root>');
writeFileSync(join(consoleDir, 'main.js'), 'console.log(1)');
afterAll(() => rmSync(consoleDir, { recursive: true, force: true }));

function expectHardened(headers: Record<string, string>, what: string): void {
  const csp = headers['content-security-policy'] ?? '';
  expect({ what, csp }).toEqual({ what, csp: expect.stringContaining("frame-ancestors 'none'") });
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain("'unsafe-eval'");
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
}

describe('security headers (development)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ root: AppModule, console: true, env: { ...QUIET, CONSOLE_DIR: consoleDir } });
  });
  afterAll(() => t.close());

  it('are on every answer: JSON, errors, the console and its files, the docs', async () => {
    const answers = {
      'GET /api/health': await t.http().get('/api/health').expect(200),
      'GET /api/counters without a token (401)': await t.http().get('/api/counters').expect(401),
      'GET /api/nope (404)': await t.http().get('/api/nope').expect(404),
      'malformed JSON (400)': await t.http().post('/api/auth/login').set('Content-Type', 'application/json').send('{').expect(400),
      'GET / (console)': await t.http().get('/').set('Accept', 'text/html').expect(200),
      'GET /main.js': await t.http().get('/main.js').expect(200),
      'GET /api/docs-json': await t.http().get('/api/docs-json').expect(200),
    };
    for (const [what, res] of Object.entries(answers)) expectHardened(res.headers as Record<string, string>, what);
  });

  it('sends no HSTS outside production (plain http on localhost must keep working)', async () => {
    const res = await t.http().get('/api/health').expect(200);
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('serves the docs without a login in development (SWAGGER defaults to on)', async () => {
    await t.http().get('/api/docs-json').expect(200);
    await t.http().get('/api/docs/').expect(200);
  });
});

describe('production', () => {
  it('sends HSTS and hides the docs by default (SWAGGER defaults to off: 404)', async () => {
    const t = await createTestApp({ root: AppModule, env: { ...QUIET, NODE_ENV: 'production' } });
    try {
      const res = await t.http().get('/api/health').expect(200);
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expectHardened(res.headers as Record<string, string>, 'production health');
      await t.http().get('/api/docs-json').expect(404);
      await t.http().get('/api/docs/').expect(404);
    } finally {
      await t.close();
    }
  });

  it('with SWAGGER=on, asks for a login: Basic credentials of a user or a bearer token', async () => {
    const t = await createTestApp({ root: AppModule, env: { ...QUIET, NODE_ENV: 'production', SWAGGER: 'on' } });
    try {
      const anonymous = await t.http().get('/api/docs-json').expect(401);
      expect(anonymous.headers['www-authenticate']).toMatch(/^Basic realm="Pulseboard API docs"/);
      expect(anonymous.body.message).toBe('The API documentation needs a login (a user of this Pulseboard)');
      await t.http().get('/api/docs/').expect(401);
      // Routing ignores case and a trailing slash and decodes %-escapes: every spelling of the docs asks for the login.
      for (const path of [
        '/API/DOCS-JSON',
        '/api/docs-json/',
        '/api/%64ocs-json',
        '/api/docs%2Djson',
        '/%61pi/docs-json',
        '/api/docs-yam%6C',
        '/api/d%6Fcs',
        '/api/d%6Fcs/swagger-ui-init.js',
        '/api/docs/swagger-ui-init.js',
      ]) {
        expect({ path, status: (await t.http().get(path)).status }).toEqual({ path, status: 401 });
      }
      await t.http().get('/api/docs-json').auth(TEST_ADMIN.username, 'wrong-password').expect(401);
      await t.http().get('/api/docs-json').set('Authorization', 'Bearer not-a-token').expect(401);
      const basic = await t.http().get('/api/docs-json').auth(TEST_ADMIN.username, TEST_ADMIN.password).expect(200);
      expect(basic.body.info.title).toBe('Pulseboard API');
      const viewer = await t.tokenFor('viewer');
      await t.http().get('/api/docs-json').set('Authorization', `Bearer ${viewer}`).expect(200);
      await t.http().get('/api/docs/').auth(TEST_ADMIN.username, TEST_ADMIN.password).expect(200);
    } finally {
      await t.close();
    }
  });

  it('with SWAGGER=off in development, answers 404 for the docs', async () => {
    const t = await createTestApp({ root: AppModule, env: { ...QUIET, SWAGGER: 'off' } });
    try {
      await t.http().get('/api/docs-json').expect(404);
    } finally {
      await t.close();
    }
  });
});
