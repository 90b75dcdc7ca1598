#!/usr/bin/env node
// Fan-out: 1,000 events/s (batches of 100 every 100 ms) to N socket.io clients (default 100) through the API, against
// raw socket.io (node:http + socket.io emitting every POSTed event to a room) in the same run, same producer and
// clients. Every client must receive every event exactly once. Writes bench/RESULTS-events-fanout.md.
//
// Each slice starts with a warm-up (--warmup seconds, 3 by default) whose events are delivered and checked like the
// rest, but whose latencies are reported apart: every slice has a fresh clients' process, slow for its first seconds
// with either server (with 1 s of warm-up the first measured second was still the slowest of each slice).
//
//   node bench/events-fanout.bench.mjs [--seconds 10] [--clients 100] [--warmup 3] [--skip-build] [--smoke]

import { join } from 'node:path';
import {
  adminToken,
  apiEnv,
  arg,
  cpuLine,
  ensureBuild,
  f0,
  f1,
  freePort,
  log,
  machineInfo,
  resultsHeader,
  runBench,
  SMOKE,
  startBaselines,
  startNode,
  stop,
  waitHttp,
} from './lib/common.mjs';
import { fanout, mergeFan } from './lib/fanout.mjs';

const SECONDS = arg('seconds', SMOKE ? 2 : 10);
const N_CLIENTS = arg('clients', SMOKE ? 10 : 100);
const WARMUP = arg('warmup', SMOKE ? 1 : 3);
const ROUNDS = 2; // raw, API, raw, API: both see the same background load

await runBench(
  'events-fanout',
  async ({ dir, checks }) => {
    const r = { machine: machineInfo(), nClients: N_CLIENTS, warmup: WARMUP };
    r.build = ensureBuild('api');
    const apiPort = await freePort();
    const api = startNode(['dist/apps/api/main.js'], apiEnv(apiPort, { SQLITE_PATH: join(dir, 'events.sqlite') }), join(dir, 'api.log'));
    await waitHttp(`http://127.0.0.1:${apiPort}/api/health`, api);
    const token = await adminToken(apiPort);
    const { port: ioPort, child: rawIo } = (await startBaselines(dir, ['raw-io']))['raw-io'];
    const tag = `b${process.pid}${Math.random().toString(36).slice(2, 6)}`;
    const rawSlices = [];
    const apiSlices = [];
    for (let k = 0; k < ROUNDS; k++) {
      rawSlices.push(
        await fanout({
          label: 'raw socket.io',
          port: ioPort,
          postPath: '/batch',
          tag: `${tag}r${k}`,
          nClients: N_CLIENTS,
          seconds: SECONDS / ROUNDS,
          warmSeconds: WARMUP,
          serverPid: rawIo.pid,
        }),
      );
      log(`  raw slice ${k + 1}: ${JSON.stringify(rawSlices[k].lat)} delivered ${rawSlices[k].received}/${rawSlices[k].expected}`);
      apiSlices.push(
        await fanout({
          label: 'API',
          port: apiPort,
          token,
          postPath: '/api/events/batch',
          tag: `${tag}a${k}`,
          nClients: N_CLIENTS,
          seconds: SECONDS / ROUNDS,
          warmSeconds: WARMUP,
          serverPid: api.pid,
        }),
      );
      log(`  API slice ${k + 1}: ${JSON.stringify(apiSlices[k].lat)} delivered ${apiSlices[k].received}/${apiSlices[k].expected}`);
    }
    await stop(rawIo);
    await stop(api);
    r.fanRaw = mergeFan(rawSlices);
    r.fanApi = mergeFan(apiSlices);
    const fa = r.fanApi;
    checks.push([
      fa.created > 0 && fa.received === fa.expected,
      `API: ${f0(fa.received)} of ${f0(fa.expected)} deliveries (every client, every event)`,
    ]);
    checks.push([fa.dup === 0, `API: ${fa.dup} duplicates`]);
    checks.push([fa.perClientOk, `API: every client received all ${f0(fa.created)} events (${fa.perClient})`]);
    return r;
  },
  report,
);

function report(x) {
  const L = resultsHeader(
    'Events fan-out benchmark',
    x.machine,
    `node bench/events-fanout.bench.mjs --seconds ${SECONDS} --clients ${N_CLIENTS} --warmup ${WARMUP}`,
  );
  const fr = x.fanRaw;
  const fa = x.fanApi;
  const ms = (v) => f1(v);
  const pc = (v) => `${f0(v)} %`;
  L.push('## How it was measured', '');
  L.push(
    `- ${f0(x.nClients)} socket.io-client sockets (websocket transport, \`auth: { token }\`, \`subscribe\` \`{ topics: ['events'] }\` acknowledged) in a separate child process. This script POSTs a batch of 100 events every 100 ms (1,000 events/s) for ${f1(fa.produceSeconds)} s per target in ${fa.slices} alternating slices (raw, API, raw, API; fresh clients per slice). The first ${f1(x.warmup)} s of each slice is a warm-up: its events count in deliveries, duplicates and order like every other, but their latencies are reported apart (below the table), not in the percentiles (every slice has fresh clients, a new process with new connections, and its first seconds were the slowest with either server). Each event carries \`payload.sentAt\` and a sequence number. Clients record receive time − sentAt and check duplicates and order, then get until nothing has arrived for 5 s to drain. Expected deliveries = clients × events answered 201. API build: ${x.build}.`,
  );
  L.push(
    '- Baseline, same run, same producer and clients: raw socket.io (`bench/lib/baselines.mjs raw-io`: node `http` + socket.io 4.8 with default options; no auth, no database, no push buffer, no connection-state recovery).',
    '',
  );
  L.push('## Results', '');
  L.push(`### Fan-out: ${f0(x.nClients)} sockets, 1,000 events/s (batches of 100 every 100 ms)`, '');
  L.push(
    '| server | events created | delivered / expected | per client min–max | dup | out of order | latency p50 ms | p90 ms | p99 ms | max ms | batch POST p50 / p99 ms | server CPU | server RSS | clients CPU |',
  );
  L.push('| --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |');
  for (const f of [fr, fa]) {
    L.push(
      `| ${f === fr ? '**baseline** raw socket.io' : 'API'} | ${f0(f.created)} | ${f0(f.received)} / ${f0(f.expected)} ${f.received === f.expected ? '✔' : '✘'} | ${f.perClient} ${f.perClientOk ? '✔' : '✘'} | ${f.dup} | ${f.outOfOrder} | **${ms(f.lat.p50)}** | ${ms(f.lat.p90)} | **${ms(f.lat.p99)}** | ${ms(f.lat.max)} | ${ms(f.post.p50)} / ${ms(f.post.p99)} | ${pc(f.serverCpuPct)} | ${f0(f.rssMiB)} MiB | ${pc(f.clientCpuPct)} |`,
    );
  }
  L.push('');
  if (x.warmup > 0) {
    const warmLine = (f) => f.warm.map((w, k) => `slice ${k + 1} p50 ${f0(w.p50)} / p99 ${f0(w.p99)} / max ${f0(w.max)} ms`).join(', ');
    L.push(
      `Warm-up latencies (the first ${f1(x.warmup)} s of each slice, not in the table): raw socket.io ${warmLine(fr)}; API ${warmLine(fa)}.`,
      '',
    );
  }
  L.push('Latency by second of sending within each slice (p50 / p99 ms) — flat means the server keeps up, rising means a backlog:', '');
  const cols = [];
  fr.timelines.forEach((tl, k) => {
    for (const t of tl) if (!cols.some((c) => c.k === k && c.sec === t.sec)) cols.push({ k, sec: t.sec });
  });
  fa.timelines.forEach((tl, k) => {
    for (const t of tl) if (!cols.some((c) => c.k === k && c.sec === t.sec)) cols.push({ k, sec: t.sec });
  });
  cols.sort((a, b) => a.k - b.k || a.sec - b.sec);
  L.push(`| slice.second | ${cols.map((c) => `${c.k + 1}.${c.sec}`).join(' | ')} |`);
  L.push(`| --- | ${cols.map(() => '---:').join(' | ')} |`);
  for (const f of [fr, fa]) {
    L.push(
      `| ${f === fr ? 'raw socket.io' : 'API'} | ${cols
        .map((c) => {
          const t = f.timelines[c.k]?.find((x) => x.sec === c.sec);
          return t ? `${f0(t.p50)} / ${f0(t.p99)}` : '–';
        })
        .join(' | ')} |`,
    );
  }
  L.push('');
  L.push(
    `Out of order counts a client seeing a lower sequence number after a higher one; the producer does not wait for a POST before sending the next, so when POSTs queue up, two batches can be stored (and pushed) in the other order — this is producer-side, not the server reordering one resource.  `,
  );
  L.push(
    `Producer timer lag max ${ms(fr.maxProducerLagMs)} ms (raw run) / ${ms(fa.maxProducerLagMs)} ms (API run); drain after the last POST answered: ${f0(fr.drainMs)} ms (raw) / ${f0(fa.drainMs)} ms (API). Server/client CPU are % of one core over the measured send (after the warm-up) and the drain. CPU during the raw slices: ${cpuLine(fr.machineCpu)}; during the API slices: ${cpuLine(fa.machineCpu)}. Server RSS is the maximum at the end of a slice.`,
    '',
  );
  L.push(`CPU during the raw slices: ${cpuLine(fr.machineCpu)}; during the API slices: ${cpuLine(fa.machineCpu)}.`, '');
  L.push(
    `**Verdict**: API p99 ${ms(fa.lat.p99)} ms after the warm-up (target ≤ 150 ms; ${ms(fa.latAll.p99)} ms over every event), raw socket.io p99 ${ms(fr.lat.p99)} ms (${ms(fr.latAll.p99)} ms); ${f0(fa.received)} of ${f0(fa.expected)} delivered, ${fa.dup} duplicates.`,
    '',
  );
  return L.join('\n');
}
