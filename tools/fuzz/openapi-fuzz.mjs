#!/usr/bin/env node
// Bad input, generated from the API's own description: starts the built API (dist/apps/api/main.js) on a fresh
// SQLite file, reads /api/docs-json, and for every operation sends inputs that break each rule of its schema, as
// anonymous, viewer and operator. Fails on any 5xx, any stack or SQL text in an answer, and any stored change
// behind a 4xx. A new route is covered without writing a test for it. Loopback only; bounded in count and time.
//
//   node tools/fuzz/openapi-fuzz.mjs [--runs N] [--seed S]     (after `nx build api`)
// Writes dist/test-results/fuzz.json and ends with the line "N passed, M failed" (one case per operation × role).
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import fc from 'fast-check';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const SEED = opt('seed', 20261124);
const RUNS = opt('runs', 4); // random odd-unicode / number samples per field
const DEADLINE = Date.now() + opt('budget-ms', 240_000);
const ADMIN = { username: 'admin', password: 'fuzz-admin-password' };
const STACK_OR_SQL =
  /\n\s+at \S|\.ts:\d+|node_modules|\bSQLITE_|QueryFailedError|\bSELECT\b.+\bFROM\b|\bINSERT INTO\b|\bUPDATE\b.+\bSET\b|syntax error at/i;
/** Tables whose rows are records of requests (not state a refused request may change). */
const LOG_TABLES = new Set(['migrations', 'idempotency_keys', 'audit_entries', 'audit_log', 'audit']);

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

async function waitFor(fn, what, ms = 30_000) {
  const end = Date.now() + ms;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch {
      /* not yet */
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// ---------- the API under test
const dir = mkdtempSync(join(tmpdir(), 'pulseboard-fuzz-'));
const sqlitePath = join(dir, 'fuzz.sqlite');
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const apiLog = [];
const api = spawn(process.execPath, [join(root, 'dist/apps/api/main.js')], {
  cwd: root,
  env: {
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(port),
    HOST: '127.0.0.1',
    SQLITE_PATH: sqlitePath,
    DATABASE_URL: '',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `pbfuzz-${randomBytes(4).toString('hex')}`,
    // Nothing changes the database behind the fuzzer's back: no processors, no simulated chain.
    QUEUE_PROCESSORS: 'off',
    FEED_BLOCKS_SIM_INTERVAL_MS: '3600000',
    FEED_BLOCKS_WS_URL: '',
    SWAGGER: 'on',
    JWT_SECRET: 'fuzz-secret-0123456789abcdef',
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'warn',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
for (const s of [api.stdout, api.stderr]) s.on('data', (b) => apiLog.push(b.toString()));
let exited = null;
api.on('exit', (code, sig) => (exited = { code, sig }));
const stop = () => {
  if (exited === null) api.kill('SIGKILL');
};
process.on('exit', () => {
  stop();
  rmSync(dir, { recursive: true, force: true });
});

async function call(method, path, { token, body, raw, contentType, headers = {} } = {}) {
  const h = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  let payload;
  if (raw !== undefined) {
    payload = raw;
    h['content-type'] = contentType ?? 'application/json';
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    h['content-type'] = contentType ?? 'application/json';
  }
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), 10_000);
  try {
    const res = await fetch(base + path, { method, headers: h, body: payload, signal: ctrl.signal });
    // Streams (SSE) answer with headers first: read at most a little, then let go.
    let text = '';
    if ((res.headers.get('content-type') ?? '').includes('text/event-stream')) {
      ctrl.abort();
    } else {
      text = await res.text();
    }
    return { status: res.status, text, json: () => JSON.parse(text) };
  } finally {
    clearTimeout(timer);
  }
}

try {
  await waitFor(async () => (await fetch(`${base}/api/health`)).ok, 'the API to answer /api/health');
} catch (e) {
  console.error(`${e.message}\n${apiLog.join('').slice(-3000)}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const adminToken = (await call('POST', '/api/auth/login', { body: ADMIN })).json().accessToken;
const tokens = { anonymous: null };
for (const role of ['viewer', 'operator']) {
  const user = { username: `fuzz-${role}`, password: `fuzz-${role}-password`, role };
  const r = await call('POST', '/api/users', { token: adminToken, body: user });
  if (r.status !== 201) throw new Error(`could not create the ${role}: ${r.status} ${r.text}`);
  const login = await call('POST', '/api/auth/login', { body: { username: user.username, password: user.password } });
  if (login.status !== 200) throw new Error(`could not log in as the ${role}: ${login.status} ${login.text}`);
  tokens[role] = login.json().accessToken;
}

// Real resources, so path ids reach the services and not only the 404 branch.
const seed = {};
{
  const c = await call('POST', '/api/counters', { token: adminToken, body: { name: 'fuzz-stock', initial: 10, min: 0 } });
  seed.counters = c.json().id;
  const e = await call('POST', '/api/events', { token: adminToken, body: { type: 'fuzz', source: 'fuzz', title: 'seed' } });
  seed.events = e.json().id;
  const j = await call('POST', '/api/jobs', { token: adminToken, body: { type: 'demo.simulate', payload: { durationMs: 0 } } });
  seed.jobs = j.status === 202 ? j.json().id : undefined;
  const me = await call('GET', '/api/auth/me', { token: adminToken });
  seed.users = me.json().id;
}
const doc = (await call('GET', '/api/docs-json', { token: adminToken })).json();

// ---------- stored state, read straight from the file (read-only)
const db = new Database(sqlitePath, { readonly: true, fileMustExist: true });
const tables = db
  .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
  .all()
  .map((r) => r.name)
  .filter((n) => !LOG_TABLES.has(n) && !/audit|idempot|migration/i.test(n));
function fingerprint() {
  const h = createHash('sha1');
  for (const t of tables) {
    for (const row of db.prepare(`SELECT * FROM "${t}"`).iterate()) h.update(JSON.stringify(row));
    h.update(`|${t}|`);
  }
  return h.digest('hex');
}

// ---------- inputs from schemas
const rng = (arb, n = RUNS) => fc.sample(arb, { numRuns: n, seed: SEED });
const ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\ud800',
  '\u202e\u0041\u0301',
  '😀'.repeat(50),
  '%00%ff',
  "' OR 1=1 --",
  '${jndi:x}',
  'a'.repeat(10_001),
  ...rng(fc.string({ unit: 'binary', maxLength: 40 })),
];
const WRONG_TYPES = ['x', 0, -1, 1.5, true, null, [], {}, [1, 2], { a: 1 }];

function deref(schema, depth = 0) {
  if (!schema || depth > 4) return schema ?? {};
  if (schema.$ref) return deref(doc.components.schemas[schema.$ref.split('/').pop()], depth + 1);
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((s) => deref(s, depth + 1)));
  return schema;
}

/** A value the schema should accept (best effort: the fuzz breaks one rule of it at a time). */
function sample(schema, depth = 0) {
  const s = deref(schema);
  if (s.example !== undefined) return s.example;
  if (s.default !== undefined) return s.default;
  if (s.enum) return s.enum[0];
  if (s.type === 'integer' || s.type === 'number') return s.minimum ?? 1;
  if (s.type === 'boolean') return true;
  if (s.type === 'array') return depth > 2 ? [] : Array.from({ length: s.minItems ?? 1 }, () => sample(s.items ?? {}, depth + 1));
  if (s.type === 'object' || s.properties) {
    const o = {};
    for (const k of s.required ?? []) o[k] = sample(s.properties?.[k] ?? {}, depth + 1);
    return o;
  }
  return `fuzz-${Math.floor(Math.random() * 1e9)}`.slice(0, s.maxLength ?? 64);
}

/** Values that break one rule of `schema` each, with a label. */
function violations(schema) {
  const s = deref(schema);
  const out = WRONG_TYPES.filter((v) => {
    if (s.type === 'string') return typeof v !== 'string';
    if (s.type === 'number' || s.type === 'integer') return typeof v !== 'number' || (s.type === 'integer' && !Number.isInteger(v));
    if (s.type === 'array') return !Array.isArray(v);
    if (s.type === 'object') return v === null || typeof v !== 'object' || Array.isArray(v);
    return true;
  }).map((v) => [`type ${JSON.stringify(v)}`, v]);
  if (typeof s.minimum === 'number') out.push(['below minimum', s.minimum - 1], ['far below', -1e308]);
  if (typeof s.maximum === 'number') out.push(['above maximum', s.maximum + 1], ['far above', 1e308]);
  if (s.type === 'number' || s.type === 'integer') {
    out.push(['non-integer', 1.000001], ['huge integer', 2 ** 63]);
    for (const n of rng(fc.double({ noNaN: false }))) out.push(['random double', n]);
  }
  if (s.enum) out.push(['not in enum', 'not-an-enum-value'], ['enum, other case', String(s.enum[0]).toUpperCase() + '_']);
  if (typeof s.maxLength === 'number') out.push(['too long', 'x'.repeat(s.maxLength + 1)]);
  if (typeof s.minLength === 'number' && s.minLength > 0) out.push(['too short', 'x'.repeat(s.minLength - 1)]);
  if (s.pattern) out.push(['pattern broken', '!!! not matching !!!']);
  if (s.type === 'string' || !s.type) for (const str of ODD_STRINGS) out.push([`odd string ${JSON.stringify(str.slice(0, 12))}`, str]);
  if (s.type === 'array')
    out.push(
      ['empty array', []],
      ['array of nulls', [null, null]],
      ['too many items', Array.from({ length: (s.maxItems ?? 1000) + 1 }, () => ({}))],
    );
  return out;
}

function bodyCases(schema) {
  const s = deref(schema);
  const valid = sample(s);
  const cases = [
    ['malformed JSON', { raw: '{"a": ' }],
    ['JSON array body', { body: [valid] }],
    ['JSON string body', { raw: '"text"' }],
    ['wrong content type', { raw: 'a=1&b=2', contentType: 'application/x-www-form-urlencoded' }],
    ['text/plain JSON', { raw: JSON.stringify(valid), contentType: 'text/plain' }],
    ['body over the limit', { raw: JSON.stringify({ x: 'y'.repeat(1_100_000) }) }],
    ['deeply nested', { raw: '['.repeat(5000) + ']'.repeat(5000) }],
    ['extra field', { body: { ...valid, zzUnknownField: 1 } }],
    ['__proto__ key', { raw: JSON.stringify(valid).replace(/^\{/, '{"__proto__":{"isAdmin":true},').replace(/,\}$/, '}') }],
    ['constructor key', { body: { ...valid, constructor: { prototype: { polluted: true } } } }],
  ];
  for (const req of s.required ?? []) {
    const b = { ...valid };
    delete b[req];
    cases.push([`missing required ${req}`, { body: b }]);
  }
  for (const [name, prop] of Object.entries(s.properties ?? {})) {
    for (const [label, v] of violations(prop)) cases.push([`${name}: ${label}`, { body: { ...valid, [name]: v } }]);
    // One level down (e.g. the items of a batch): break each field of the first item.
    const inner = deref(prop);
    const itemSchema = inner.type === 'array' ? deref(inner.items ?? {}) : null;
    if (itemSchema?.properties) {
      const item = sample(itemSchema);
      for (const [iname, iprop] of Object.entries(itemSchema.properties)) {
        for (const [label, v] of violations(iprop).slice(0, 8))
          cases.push([`${name}[0].${iname}: ${label}`, { body: { ...valid, [name]: [{ ...item, [iname]: v }] } }]);
      }
    }
  }
  return cases;
}

function queryCases(params) {
  const cases = [['unknown query parameter', '?zzUnknown=1']];
  for (const p of params) {
    for (const [label, v] of violations(p.schema ?? {})) {
      if (v !== null && typeof v === 'object') continue; // a query value is text
      cases.push([`${p.name}: ${label}`, `?${encodeURIComponent(p.name)}=${encodeURIComponent(String(v).toWellFormed())}`]);
    }
    cases.push([`${p.name}: repeated`, `?${p.name}=1&${p.name}=2`]);
  }
  return cases;
}

const BAD_IDS = [
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  'x'.repeat(300),
  '%00',
  '..%2F..%2Fetc%2Fpasswd',
  encodeURIComponent('😀\u202e'),
];

// ---------- run
const results = { seed: SEED, operations: 0, requests: 0, byStatus: {}, failures: [], cases: { passed: 0, failed: 0 } };
const roles = ['anonymous', 'viewer', 'operator'];

function check(op, role, label, res, before) {
  results.requests++;
  results.byStatus[res.status] = (results.byStatus[res.status] ?? 0) + 1;
  const problems = [];
  if (res.status >= 500) problems.push(`answered ${res.status}`);
  if (STACK_OR_SQL.test(res.text)) problems.push('stack or SQL text in the answer');
  if (res.status >= 400 && res.status < 500 && before !== fingerprint()) problems.push(`a ${res.status} changed stored data`);
  if (exited) problems.push(`the API process exited (${JSON.stringify(exited)})`);
  return problems.map((p) => `${op} as ${role} (${label}): ${p}: ${res.text.slice(0, 300)}`);
}

for (const [path, ops] of Object.entries(doc.paths)) {
  for (const [method, op] of Object.entries(ops)) {
    if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
    results.operations++;
    const name = `${method.toUpperCase()} ${path}`;
    const resource = path.split('/')[2];
    const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path');
    const queryParams = (op.parameters ?? []).filter((p) => p.in === 'query');
    const bodySchema = op.requestBody?.content?.['application/json']?.schema;
    const realPath = path.replace(/\{(\w+)\}/g, (_m, n) =>
      /id$/i.test(n) ? (seed[resource] ?? '00000000-0000-4000-8000-000000000000') : 'jobs',
    );

    const requests = [['as documented', realPath, {}]];
    for (const [label, qs] of queryCases(queryParams)) requests.push([`query ${label}`, realPath + qs, {}]);
    if (pathParams.length) for (const bad of BAD_IDS) requests.push([`path ${bad.slice(0, 20)}`, path.replace(/\{(\w+)\}/g, bad), {}]);
    if (bodySchema || method === 'post')
      for (const [label, b] of bodyCases(bodySchema ?? { type: 'object' })) requests.push([`body ${label}`, realPath, b]);
    if ((op.parameters ?? []).some((p) => p.in === 'header' && /idempotency/i.test(p.name))) {
      requests.push(['Idempotency-Key too long', realPath, { headers: { 'Idempotency-Key': 'k'.repeat(500) } }]);
      requests.push(['Idempotency-Key control chars', realPath, { headers: { 'Idempotency-Key': 'a\tb' } }]);
    }

    for (const role of roles) {
      const problems = [];
      for (const [label, p, extra] of requests) {
        if (Date.now() > DEADLINE) {
          problems.push(`${name}: the fuzz ran out of its time budget`);
          break;
        }
        const before = fingerprint();
        let res;
        try {
          res = await call(method.toUpperCase(), p, { token: tokens[role], ...extra });
        } catch (e) {
          problems.push(`${name} as ${role} (${label}): request failed: ${e.message}`);
          continue;
        }
        problems.push(...check(name, role, label, res, before));
        // A valid start would keep generating events; stop it so the next fingerprint is stable.
        if (path === '/api/simulator/start' && res.status < 300) await call('POST', '/api/simulator/stop', { token: adminToken });
      }
      if (problems.length) {
        results.cases.failed++;
        results.failures.push(...problems.slice(0, 20));
      } else {
        results.cases.passed++;
      }
    }
  }
}

db.close();
stop();
mkdirSync(join(root, 'dist/test-results'), { recursive: true });
writeFileSync(join(root, 'dist/test-results/fuzz.json'), JSON.stringify(results, null, 2));
console.log(`OpenAPI fuzz (seed ${SEED}): ${results.operations} operations × ${roles.length} roles, ${results.requests} requests`);
console.log(`answers by status: ${JSON.stringify(results.byStatus)}`);
for (const f of results.failures.slice(0, 60)) console.log(`✖ ${f}`);
console.log(`${results.cases.passed} passed, ${results.cases.failed} failed`);
process.exit(results.cases.failed ? 1 : 0);
