// Realistic events for the benches (the simulator's shapes, plus blocks) and the fast SQLite seeding of millions of
// rows with the exact schema the API's migrations create.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';

export const pick = (xs) => xs[Math.floor(Math.random() * xs.length)];
export const int = (lo, hi) => lo + Math.floor(Math.random() * (hi - lo + 1));
export const HOSTS = ['api-1', 'api-2', 'api-3', 'db-primary', 'db-replica-1', 'cache-1', 'worker-1', 'worker-2', 'edge-fra', 'edge-iad'];
export const REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2', 'ap-southeast-1'];
export const SERVICES = ['checkout', 'billing', 'auth', 'search', 'inventory', 'notifications'];
// Same shapes as the simulator's generator (libs/api/events/src/lib/simulator/event-generator.ts), plus blocks.
const TEMPLATES = [
  {
    w: 15,
    type: 'alert',
    source: () => 'monitoring',
    severity: ['warning', 'warning', 'error', 'critical'],
    title: () =>
      pick([
        `High CPU on ${pick(HOSTS)}`,
        `Disk usage ${int(80, 99)}% on ${pick(HOSTS)}`,
        `p99 latency over ${int(300, 2000)} ms on ${pick(SERVICES)}`,
      ]),
    payload: () => ({ host: pick(HOSTS), region: pick(REGIONS), value: int(80, 100), threshold: 80 }),
  },
  {
    w: 10,
    type: 'deploy',
    source: () => 'ci',
    severity: ['info', 'info', 'info', 'error'],
    title: () => `Deploy ${pick(SERVICES)} v${int(1, 4)}.${int(0, 30)}.${int(0, 99)} to ${pick(REGIONS)}`,
    payload: () => ({
      commit: Math.random().toString(16).slice(2, 10),
      durationSec: int(20, 600),
      author: pick(['ana', 'bo', 'chen', 'dev', 'eli']),
    }),
  },
  {
    w: 20,
    type: 'login',
    source: () => 'auth',
    severity: ['info', 'info', 'warning'],
    title: () => pick(['User signed in', 'Failed sign-in attempt', 'Password reset requested', 'MFA challenge passed']),
    payload: () => ({
      userId: int(1000, 99999),
      ip: `10.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`,
      userAgent: pick(['Firefox', 'Chrome', 'Safari', 'curl']),
    }),
  },
  {
    w: 15,
    type: 'payment',
    source: () => 'billing',
    severity: ['info', 'info', 'info', 'warning', 'error'],
    title: () => pick([`Payment captured ${int(5, 900)}.${int(10, 99)} EUR`, 'Card declined', 'Refund issued', 'Chargeback opened']),
    payload: () => ({ orderId: `ord_${int(100000, 999999)}`, amountCents: int(500, 90000), currency: pick(['EUR', 'USD', 'GBP']) }),
  },
  {
    w: 5,
    type: 'backup',
    source: () => pick(['db-primary', 'db-replica-1']),
    severity: ['info', 'info', 'error'],
    title: () => pick(['Nightly backup finished', 'Backup verification passed', 'Backup upload retried']),
    payload: () => ({ sizeMb: int(200, 50000), durationSec: int(30, 3600) }),
  },
  {
    w: 25,
    type: 'http',
    source: () => pick(SERVICES),
    severity: ['info', 'warning', 'error', 'error', 'critical'],
    title: () =>
      pick([`5xx spike on ${pick(SERVICES)}`, `Rate limit hit by client ${int(1, 500)}`, `Upstream timeout from ${pick(SERVICES)}`]),
    payload: () => ({
      status: pick([429, 500, 502, 503, 504]),
      path: pick(['/api/orders', '/api/cart', '/api/login', '/api/search']),
      count: int(1, 500),
    }),
  },
  {
    w: 10,
    type: 'block',
    source: () => 'blocks',
    severity: ['info'],
    title: () => `Block #${int(18_000_000, 21_000_000)}`,
    payload: () => ({
      hash: `0x${Math.random().toString(16).slice(2).padEnd(12, '0')}`,
      gasUsed: int(1e6, 3e7),
      miner: `0x${Math.random().toString(16).slice(2, 10)}`,
    }),
  },
];
const WEIGHTED = TEMPLATES.flatMap((t) => Array(t.w).fill(t));
export function randomEvent() {
  const t = pick(WEIGHTED);
  return { type: t.type, source: t.source(), title: t.title(), severity: pick(t.severity), payload: t.payload() };
}

// -------- SQLite seeding ---------------------------------------------------------------------------------------
export const COLUMNS = [
  'id',
  'type',
  'source',
  'title',
  'titleKey',
  'severity',
  'payload',
  'status',
  'occurredAt',
  'createdAt',
  'updatedAt',
  'completedAt',
  'completedBy',
  'version',
];
/** TypeORM's SQLite format for Date columns and Date parameters (UTC): 'YYYY-MM-DD HH:MM:SS.SSS'. */
export const sqlDate = (ms) => {
  const s = new Date(ms).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 23)}`;
};

export function openDb(sqlite3, path, mode) {
  return new Promise((res, rej) => {
    const db =
      mode === undefined
        ? new sqlite3.Database(path, (e) => (e ? rej(e) : res(db)))
        : new sqlite3.Database(path, mode, (e) => (e ? rej(e) : res(db)));
  });
}
export const dbRun = (db, sql, p = []) =>
  new Promise((res, rej) =>
    db.run(sql, p, function (e) {
      if (e) rej(e);
      else res(this);
    }),
  );
export const dbAll = (db, sql, p = []) => new Promise((res, rej) => db.all(sql, p, (e, rows) => (e ? rej(e) : res(rows))));

export async function seed(dbPath, n) {
  const sqlite3 = (await import('sqlite3')).default;
  const db = await openDb(sqlite3, dbPath);
  const cols = (await dbAll(db, 'PRAGMA table_info("events")')).map((c) => c.name);
  if (cols.join(',') !== COLUMNS.join(','))
    throw new Error(`events columns are [${cols}], the bench expects [${COLUMNS}]: update the bench`);
  const indexes = await dbAll(db, `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL`);
  await dbRun(db, 'PRAGMA journal_mode = OFF');
  await dbRun(db, 'PRAGMA synchronous = OFF');
  await dbRun(db, 'PRAGMA cache_size = -400000');
  await dbRun(db, 'PRAGMA temp_store = MEMORY');
  for (const ix of indexes) await dbRun(db, `DROP INDEX "${ix.name}"`);

  const ROWS = 2000;
  const TX_ROWS = 100_000;
  const stmt = db.prepare(
    `INSERT INTO "events" (${COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES ${Array(ROWS)
      .fill(`(${COLUMNS.map(() => '?').join(',')})`)
      .join(',')}`,
  );
  const stmtRun = (params) => new Promise((res, rej) => stmt.run(params, (e) => (e ? rej(e) : res())));
  const end = Date.now() - 5 * 60_000; // newest seeded event: 5 minutes ago
  const span = 60 * 24 * 3600_000; // 60 days
  const start = end - span;
  const step = span / n;
  const tally = { status: {}, severity: {}, type: {}, source: {}, criticalOpen: 0, titleDisk: 0, deployCi: 0 };
  const inc = (o, k) => {
    o[k] = (o[k] ?? 0) + 1;
  };
  const users = ['admin', 'ana', 'bo', 'chen', 'oncall'];
  const gen = (from, count) => {
    const p = new Array(count * COLUMNS.length);
    let j = 0;
    for (let i = from; i < from + count; i++) {
      const ev = randomEvent();
      const createdAt = start + i * step + Math.random() * 500;
      // 90 % arrive within 2 s of occurring, 10 % are late by up to 2 h (so occurredAt order != insertion order).
      const occurredAt = createdAt - (Math.random() < 0.1 ? Math.random() * 7_200_000 : Math.random() * 2000);
      const age = Date.now() - occurredAt;
      const pCompleted = age > 7 * 86_400_000 ? 0.97 : age > 86_400_000 ? 0.8 : 0.4;
      const completed = Math.random() < pCompleted;
      const completedAt = completed ? Math.min(end, createdAt + 60_000 + Math.random() * 6 * 3600_000) : null;
      const status = completed ? 'completed' : 'open';
      inc(tally.status, status);
      inc(tally.severity, ev.severity);
      inc(tally.type, ev.type);
      inc(tally.source, ev.source);
      if (status === 'open' && ev.severity === 'critical') tally.criticalOpen++;
      if (ev.title.toLowerCase().startsWith('disk')) tally.titleDisk++;
      if (ev.type === 'deploy' && ev.source === 'ci') tally.deployCi++;
      p[j++] = randomUUID();
      p[j++] = ev.type;
      p[j++] = ev.source;
      p[j++] = ev.title;
      p[j++] = ev.title.toLowerCase();
      p[j++] = ev.severity;
      p[j++] = JSON.stringify(ev.payload);
      p[j++] = status;
      p[j++] = sqlDate(occurredAt);
      p[j++] = sqlDate(createdAt);
      p[j++] = sqlDate(completed ? completedAt : createdAt);
      p[j++] = completed ? sqlDate(completedAt) : null;
      p[j++] = completed ? pick(users) : null;
      p[j++] = completed ? 2 : 1;
    }
    return p;
  };
  const t0 = performance.now();
  let pending = null;
  for (let tx = 0; tx < n; tx += TX_ROWS) {
    await dbRun(db, 'BEGIN');
    const txEnd = Math.min(n, tx + TX_ROWS);
    for (let i = tx; i < txEnd; i += ROWS) {
      const count = Math.min(ROWS, txEnd - i);
      if (count === ROWS) {
        const params = gen(i, count); // generated while the previous statement runs on the driver's thread
        if (pending) await pending;
        pending = stmtRun(params);
      } else {
        if (pending) await pending;
        pending = null;
        const params = gen(i, count);
        await dbRun(
          db,
          `INSERT INTO "events" (${COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES ${Array(count)
            .fill(`(${COLUMNS.map(() => '?').join(',')})`)
            .join(',')}`,
          params,
        );
      }
    }
    if (pending) await pending;
    pending = null;
    await dbRun(db, 'COMMIT');
  }
  await new Promise((r) => stmt.finalize(r));
  const insertMs = performance.now() - t0;
  const t1 = performance.now();
  for (const ix of indexes) await dbRun(db, ix.sql);
  const indexMs = performance.now() - t1;
  await dbRun(db, 'PRAGMA journal_mode = WAL');
  const [{ c }] = await dbAll(db, 'SELECT COUNT(*) AS c FROM "events"');
  const after = await dbAll(db, `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL`);
  await new Promise((r) => db.close(r));
  if (c !== n) throw new Error(`seeded ${c} rows, wanted ${n}`);
  if (after.length !== indexes.length) throw new Error('indexes not all re-created');
  return {
    insertMs,
    indexMs,
    indexes: indexes.map((i) => i.name),
    tally,
    rangeFrom: new Date(start).toISOString(),
    rangeTo: new Date(end).toISOString(),
  };
}
