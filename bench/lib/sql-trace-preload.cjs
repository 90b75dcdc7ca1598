// Preloaded into the built API by the events benches (`node -r ./bench/lib/sql-trace-preload.cjs dist/apps/api/main.js`).
// Wraps the sqlite3 driver's Database#all/#run/#get and Statement#all (statements kept prepared) so every SQL statement's time (call → callback, i.e. inside
// SQLite plus the driver's thread-pool hop) is recorded per statement shape. The API code is not changed.
// On SIGWINCH (not one of Nest's shutdown signals, unlike SIGUSR2) the stats gathered since the last dump are written (JSON) to $BENCH_SQL_TRACE and reset.
'use strict';
const fs = require('node:fs');
const sqlite3 = require('sqlite3');

const out = process.env.BENCH_SQL_TRACE;
let stats = new Map();

/** One shape per statement: IN lists and multi-row VALUES collapsed, so 21 ids or 1000 rows count as one shape. */
function shape(sql) {
  return String(sql)
    .replace(/\s+/g, ' ')
    .replace(/IN \((\?(, )?)+\)/g, 'IN (?…)')
    .replace(/VALUES (\((?:[^()]|\([^()]*\))*\)(, )?)+/g, 'VALUES (…)…')
    .trim();
}

function record(sql, params, ms) {
  const key = shape(sql);
  let s = stats.get(key);
  if (!s) {
    s = { sql: key, fullSqlSample: String(sql).length < 4000 ? String(sql) : null, params: null, n: 0, totalMs: 0, maxMs: 0, samples: [] };
    stats.set(key, s);
  }
  if (s.params === null && Array.isArray(params) && params.length < 200) s.params = params;
  s.n++;
  s.totalMs += ms;
  if (ms > s.maxMs) s.maxMs = ms;
  if (s.samples.length < 5000) s.samples.push(ms);
}

/** `args` (parameters, then a callback) with the callback wrapped to record `sql`'s time; unchanged without one. */
function timed(sql, args) {
  const cbIndex = args.findIndex((a) => typeof a === 'function');
  if (cbIndex < 0) return args;
  const cb = args[cbIndex];
  const params = cbIndex > 0 ? args[0] : undefined;
  const t0 = process.hrtime.bigint();
  const out = [...args];
  out[cbIndex] = function (...r) {
    record(sql, params, Number(process.hrtime.bigint() - t0) / 1e6);
    return cb.apply(this, r);
  };
  return out;
}

for (const method of ['all', 'run', 'get']) {
  const orig = sqlite3.Database.prototype[method];
  sqlite3.Database.prototype[method] = function (sql, ...args) {
    return orig.call(this, sql, ...timed(sql, args));
  };
}

// Statements kept prepared (the API's read-only connections): each Statement#all is timed under its SQL text.
const traced = new WeakMap();
const prepare = sqlite3.Database.prototype.prepare;
sqlite3.Database.prototype.prepare = function (sql, ...args) {
  const statement = prepare.call(this, sql, ...args);
  traced.set(statement, sql);
  return statement;
};
const statementAll = sqlite3.Statement.prototype.all;
sqlite3.Statement.prototype.all = function (...args) {
  const sql = traced.get(this);
  return statementAll.apply(this, sql === undefined ? args : timed(sql, args));
};

// Optional CPU profile (BENCH_CPU_PROFILE=/path/prefix): profiling starts at load; each SIGWINCH writes the profile
// since the previous one to <prefix>.<n>.cpuprofile and starts a new one (diagnosis only, off by default).
const profilePrefix = process.env.BENCH_CPU_PROFILE;
let profiler = null;
let profileN = 0;
if (profilePrefix) {
  const inspector = require('node:inspector');
  profiler = new inspector.Session();
  profiler.connect();
  profiler.post('Profiler.enable', () =>
    profiler.post('Profiler.setSamplingInterval', { interval: 200 }, () => profiler.post('Profiler.start')),
  );
}

if (out) {
  process.on('SIGWINCH', () => {
    if (profiler) {
      const n = profileN++;
      profiler.post('Profiler.stop', (err, res) => {
        if (!err) fs.writeFileSync(`${profilePrefix}.${n}.cpuprofile`, JSON.stringify(res.profile));
        profiler.post('Profiler.start');
      });
    }
    const list = [...stats.values()];
    stats = new Map();
    try {
      fs.writeFileSync(out, JSON.stringify(list));
    } catch (e) {
      process.stderr.write(`sql trace: ${e.message}\n`);
    }
  });
}
