// The fan-out measurement: a producer POSTs batches of 100 events every 100 ms (1,000 events/s) while N socket.io
// clients (bench/lib/fanout-clients.mjs) record receive time − send time, duplicates and order. The first
// `warmSeconds` of a slice warm up its fresh clients' process (and the server's new sockets): those events are counted
// and checked like every other, but their latencies are kept apart (`warm`), not in the slice's percentiles.
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { cpuMeter, f0, now, procCpuMs, request, sleep, summary } from './common.mjs';
import { HOSTS, int, pick, REGIONS } from './events-data.mjs';

export async function fanout({ label, port, token, postPath, tag, nClients, seconds, warmSeconds = 0, serverPid }) {
  const BATCH = 100;
  const PERIOD = 100;
  const warmBatches = Math.round((warmSeconds * 1000) / PERIOD);
  const batches = warmBatches + Math.round((seconds * 1000) / PERIOD);
  const maxEvents = batches * BATCH;
  const child = fork(join(dirname(fileURLToPath(import.meta.url)), 'fanout-clients.mjs'), [], {
    env: {
      ...process.env,
      URL: `http://127.0.0.1:${port}`,
      TOKEN: token ?? '',
      N_CLIENTS: String(nClients),
      TAG: tag,
      MAX_EVENTS: String(maxEvents),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  process.on('exit', () => child.kill('SIGKILL'));
  const waitMsg = (type, timeoutMs = 60_000) =>
    new Promise((res, rej) => {
      const t = setTimeout(() => {
        child.off('message', on);
        rej(new Error(`${label}: clients did not send '${type}'`));
      }, timeoutMs);
      const on = (m) => {
        if (m.type === 'error') {
          clearTimeout(t);
          child.off('message', on);
          rej(new Error(m.message));
        }
        if (m.type === type) {
          clearTimeout(t);
          child.off('message', on);
          res(m);
        }
      };
      child.on('message', on);
    });
  const ready = await waitMsg('ready');
  await sleep(500);
  // t0: when the measured part starts (the clients' per-second timeline counts from it).
  child.send({ type: 'start', t0: now() + warmBatches * PERIOD });
  let cpu0 = procCpuMs(serverPid);
  let meter = cpuMeter();
  let tMeasured = performance.now();
  const posts = [];
  const postLat = [];
  const statuses = {};
  let created = 0;
  const tStart = performance.now();
  let maxLag = 0;
  for (let b = 0; b < batches; b++) {
    const due = tStart + b * PERIOD;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    maxLag = Math.max(maxLag, performance.now() - due);
    if (b === warmBatches && b > 0) {
      cpu0 = procCpuMs(serverPid);
      meter = cpuMeter();
      tMeasured = performance.now();
    }
    const sentAt = now();
    const warm = b < warmBatches;
    const events = Array.from({ length: BATCH }, (_, i) => ({
      type: 'bench',
      source: 'fanout',
      title: `Fan-out ${b}-${i}`,
      severity: 'info',
      payload: { bench: tag, seq: b * BATCH + i, sentAt, warm, host: pick(HOSTS), region: pick(REGIONS), value: int(1, 100) },
    }));
    posts.push(
      request(port, 'POST', postPath, { events }, token).then((r) => {
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
        postLat.push(r.ms);
        if (r.status === 201) created += r.body.count;
      }),
    );
  }
  await Promise.all(posts);
  const produceSeconds = (performance.now() - tStart) / 1000;
  const expected = created * nClients;
  // Drain: wait until every client has everything or 5 s pass with no progress.
  let last = -1;
  let stableSince = performance.now();
  const drainStart = performance.now();
  for (;;) {
    child.send({ type: 'progress' });
    const { received } = await waitMsg('progress', 10_000);
    if (received >= expected) break;
    if (received !== last) {
      last = received;
      stableSince = performance.now();
    }
    if (performance.now() - stableSince > 5000) break;
    await sleep(100);
  }
  const drainMs = performance.now() - drainStart;
  const cpu1 = procCpuMs(serverPid);
  const cpuWallMs = performance.now() - tMeasured;
  const rssMiB = (() => {
    try {
      return Number(readFileSync(`/proc/${serverPid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]) / 1024;
    } catch {
      return NaN;
    }
  })();
  const machineCpu = meter();
  child.send({ type: 'report' });
  const rep = await waitMsg('report', 60_000);
  await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
  return {
    label,
    created,
    expected,
    statuses,
    postLat,
    post: summary(postLat),
    produceSeconds,
    maxProducerLagMs: maxLag,
    drainMs,
    connectMs: ready.connectMs,
    machineCpu,
    rssMiB,
    cpuWallMs,
    serverCpuPct: ((cpu1 - cpu0) / cpuWallMs) * 100,
    clientCpuPct: (rep.cpuMs / cpuWallMs) * 100,
    ...rep,
  };
}

/** Merges alternating fan-out slices of one target into one result (exact percentiles from the histograms). */
export function mergeFan(slices) {
  const quantiles = (hists) => {
    const hist = new Map();
    for (const h of hists) for (const [b, c] of Object.entries(h)) hist.set(Number(b), (hist.get(Number(b)) ?? 0) + c);
    const keys = [...hist.keys()].sort((a, b) => a - b);
    const n = keys.reduce((a, k) => a + hist.get(k), 0);
    const q = (p) => {
      const target = Math.ceil((p / 100) * n);
      let acc = 0;
      for (const k of keys) if ((acc += hist.get(k)) >= target) return k / 10;
      return NaN;
    };
    return { n, q };
  };
  const { n, q } = quantiles(slices.map((s) => s.hist));
  // Every event's latency, the warm-up's included.
  const all = quantiles(slices.flatMap((s) => [s.hist, s.warmHist ?? {}]));
  const sum = (f) => slices.reduce((a, s) => a + f(s), 0);
  const wall = (s) => s.cpuWallMs;
  const wavg = (f) => sum((s) => f(s) * wall(s)) / sum(wall);
  const postLat = slices.flatMap((s) => s.postLat);
  return {
    label: slices[0].label,
    slices: slices.length,
    created: sum((s) => s.created),
    expected: sum((s) => s.expected),
    received: sum((s) => s.received),
    perClient: slices.map((s) => `${f0(s.perClientMin)}–${f0(s.perClientMax)}`).join(', '),
    perClientOk: slices.every((s) => s.perClientMin === s.perClientMax && s.perClientMin === s.created),
    dup: sum((s) => s.dup),
    outOfOrder: sum((s) => s.outOfOrder),
    lat: { n, p50: q(50), p90: q(90), p99: q(99), max: Math.max(...slices.map((s) => s.lat.max)) },
    warm: slices.map((s) => s.warm),
    latAll: { n: all.n, p50: all.q(50), p99: all.q(99) },
    post: summary(postLat),
    produceSeconds: sum((s) => s.produceSeconds),
    maxProducerLagMs: Math.max(...slices.map((s) => s.maxProducerLagMs)),
    drainMs: Math.max(...slices.map((s) => s.drainMs)),
    serverCpuPct: wavg((s) => s.serverCpuPct),
    clientCpuPct: wavg((s) => s.clientCpuPct),
    rssMiB: Math.max(...slices.map((s) => s.rssMiB)),
    machineCpu: {
      machinePct: wavg((s) => s.machineCpu.machinePct),
      oursPct: wavg((s) => s.machineCpu.oursPct),
      otherPct: wavg((s) => s.machineCpu.otherPct),
      stealPct: wavg((s) => s.machineCpu.stealPct),
    },
    timelines: slices.map((s) => s.timeline),
    statuses: slices.map((s) => s.statuses),
  };
}
