// What clients relied on when the API ran on Express, held on Fastify: routing that ignores case and a trailing slash,
// the console's SPA fallback, every refusal in the API's error shape, and a 413 a client sending a large body can read.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { DRAIN_DEADLINE_MS } from '@pulseboard/api/core';
import { auditEntryOf, createTestApp, type TestApp } from '@pulseboard/api/testing';
import type { AuditEntry } from '@pulseboard/shared/contracts';
import { AppModule } from '../app.module';

const consoleDir = mkdtempSync(join(tmpdir(), 'pulseboard-console-'));
const INDEX = '<!doctype html><title>Pulseboard</title><pb-root></pb-root>';
writeFileSync(join(consoleDir, 'index.html'), INDEX);
writeFileSync(join(consoleDir, 'main.js'), 'console.log(1)');

describe('the HTTP platform (Fastify) as clients see it', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      root: AppModule,
      console: true,
      env: { QUEUE_PROCESSORS: 'off', FEED_BLOCKS_SIM_INTERVAL_MS: '3600000', CONSOLE_DIR: consoleDir },
    });
  });
  /** The audit entry of a request, once written (entries are written in batches). */
  const auditEntry = async (requestId: string): Promise<AuditEntry> => auditEntryOf(t, await t.login(), requestId);
  afterAll(async () => {
    await t.close();
    rmSync(consoleDir, { recursive: true, force: true });
  });

  it('matches routes regardless of case and a trailing slash', async () => {
    for (const path of ['/api/health', '/api/health/', '/API/Health']) {
      expect({ path, status: (await t.http().get(path)).status }).toEqual({ path, status: 200 });
    }
  });

  it("serves index.html for the console's own paths, never for /api or /socket.io, and only to requests that take HTML", async () => {
    const page = await t.http().get('/counters/some-id').set('Accept', 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8');
    expect(page.status).toBe(200);
    expect(page.text).toBe(INDEX);
    expect(page.headers['cache-control']).toBe('no-cache');
    const asset = await t.http().get('/main.js').expect(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=3600');
    const head = await t.http().head('/jobs').set('Accept', 'text/html');
    expect(head.status).toBe(200);

    const api = await t.http().get('/api/nope').set('Accept', 'text/html').expect(404);
    expect(api.body).toEqual({ statusCode: 404, message: 'Cannot GET /api/nope', error: 'Not Found' });
    // However the path is spelled: %-escaped, upper case, with only a query after it.
    for (const path of ['/%61pi/nope', '/API/nope', '/api?x=1', '/%73ocket.io/x']) {
      expect((await t.http().get(path).set('Accept', 'text/html')).text).not.toBe(INDEX);
    }
    await t.http().get('/socket.io-not/x').set('Accept', 'text/html').expect(200);
    await t.http().get('/counters').set('Accept', 'application/json').expect(404);
    await t.http().get('/counters').set('Accept', 'text/html;q=0, application/json').expect(404);
    await t.http().post('/counters').set('Accept', 'text/html').expect(404);
  });

  it('answers a URL that does not decode with 400 in the error shape, with the headers, log and audit of every answer', async () => {
    const res = await t.http().post('/api/counters/%E0%A4%A/decrement').set('X-Request-Id', 'bad-url-1');
    expect(res.status).toBe(400);
    expect(Object.keys(res.body).sort()).toEqual(['error', 'message', 'statusCode']);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(res.headers['x-request-id']).toBe('bad-url-1');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const entry = await auditEntry('bad-url-1');
    expect(entry).toMatchObject({ action: 'counters.unrouted', status: 400, method: 'POST' });
  });

  it('records a change sent to an upper-case path in the audit trail (routing ignores case)', async () => {
    const operator = await t.tokenFor('operator');
    await t
      .http()
      .post('/API/Counters')
      .set('Authorization', `Bearer ${operator}`)
      .set('X-Request-Id', 'upper-case-1')
      .send({ name: 'upper' })
      .expect(201);
    const entry = await auditEntry('upper-case-1');
    expect(entry).toMatchObject({ action: 'counters.create', status: 201 });
  });

  it('refuses JSON declared in a charset other than UTF-8 with 415', async () => {
    const res = await t
      .http()
      .post('/api/auth/login')
      .set('Content-Type', 'application/json; charset=latin1')
      .send('{"username":"admin","password":"x"}')
      .expect(415);
    expect(res.body).toEqual({
      statusCode: 415,
      message: 'Unsupported charset "latin1": send JSON as UTF-8',
      error: 'Unsupported Media Type',
    });
    await t.http().post('/api/auth/login').set('Content-Type', 'application/json; charset=UTF-8').send('{"username":"admin"}').expect(400);
  });

  it('refuses a malformed Content-Type header with 415 in the error shape', async () => {
    for (const type of [';;;', '/', 'application/']) {
      const res = await t.http().post('/api/auth/login').set('Content-Type', type).send('{"username":"admin","password":"x"}');
      expect({ type, status: res.status, body: res.body }).toEqual({
        type,
        status: 415,
        body: { statusCode: 415, message: 'Unsupported Media Type', error: 'Unsupported Media Type' },
      });
    }
  });

  it('answers a declared length far over the limit at once and closes, without waiting for the body', async () => {
    const started = Date.now();
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(new URL(t.url).port), '127.0.0.1');
      let got = '';
      socket.setTimeout(10_000, () => reject(new Error(`no answer; got ${JSON.stringify(got)}`)));
      socket.on('data', (c) => (got += c.toString()));
      socket.on('close', () => resolve(got));
      socket.on('error', reject);
      // 999,999,999 bytes declared, 64 KiB sent, then the client stalls.
      socket.write('POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 999999999\r\n\r\n');
      socket.write('x'.repeat(65_536));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain('Request body is larger than the 1 MiB limit');
    expect(Date.now() - started).toBeLessThan(DRAIN_DEADLINE_MS);
  });

  it('reads JSON as objects and arrays only; an empty JSON body is an empty object; other types are not parsed', async () => {
    const login = () => t.http().post('/api/auth/login');
    const str = await login().set('Content-Type', 'application/json').send('"text"').expect(400);
    expect(str.body.message).toBe('Malformed JSON body: the body must be a JSON object or array');
    // An empty body reaches validation as {}: the missing fields are named.
    const empty = await login().set('Content-Type', 'application/json').send('').expect(400);
    expect(empty.body.message).toEqual(expect.arrayContaining(['username must be a string', 'password must be a string']));
    // text/plain is neither parsed nor refused by type: validation sees no fields.
    const text = await login().set('Content-Type', 'text/plain').send('{"username":"admin"}').expect(400);
    expect(text.body.message).toEqual(expect.arrayContaining(['username must be a string']));
    // HTML forms are read.
    await login().type('form').send({ username: 'admin', password: 'test-admin-password' }).expect(200);
  });

  it('lets a client that sends a body over the limit read its 413 (the body is read off first)', async () => {
    // The client runs in its own process, as real clients do: answering while it still sent the body made about 1 in
    // 100 such requests fail with EPIPE there instead of reading the 413 (a race, hence many requests).
    const client = `
      const big = JSON.stringify({ username: 'a', password: 'x'.repeat(1_100_000) });
      const seen = {};
      for (let i = 0; i < 300; i++) {
        let k;
        try {
          const res = await fetch(process.argv[1] + '/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
          k = res.status + ' ' + (await res.json()).message;
        } catch (e) {
          k = 'failed: ' + (e.cause?.code ?? e.message);
        }
        seen[k] = (seen[k] ?? 0) + 1;
      }
      process.stdout.write(JSON.stringify(seen));`;
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--input-type=module', '-e', client, t.url], { timeout: 60_000 }, (e, stdout) =>
        e ? reject(e) : resolve(stdout),
      ),
    );
    expect(JSON.parse(out)).toEqual({ '413 Request body is larger than the 1 MiB limit': 300 });
    // The server still answers.
    await t.http().get('/api/health').expect(200);
  });
});
