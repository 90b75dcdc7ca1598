// The socket.io clients of the fan-out bench, in their own process (so decoding 100k messages/s does not stall the
// producer's clock), driven over IPC by bench/lib/fanout.mjs: 'ready' after connect + subscribe, then 'start',
// 'progress' and 'report' (latency percentiles, a mergeable histogram, duplicates, order, per-client counts).
import { now, pct } from './common.mjs';

async function clients() {
  const { io } = await import('socket.io-client');
  const N = Number(process.env.N_CLIENTS);
  const TAG = process.env.TAG;
  const MAX = Number(process.env.MAX_EVENTS); // upper bound of events this run will create
  const url = process.env.URL;
  const sockets = [];
  const lat = new Float64Array(N * MAX);
  const latBucket = new Int32Array(N * MAX);
  let nLat = 0;
  const warmLat = []; // the warm-up's latencies, reported apart
  const received = new Int32Array(N);
  const seen = Array.from({ length: N }, () => new Uint8Array(MAX));
  const lastSeq = new Int32Array(N).fill(-1);
  let dup = 0;
  let outOfOrder = 0;
  let other = 0;
  let t0 = 0;
  let cpu0 = process.cpuUsage();
  const tConnect = now();
  const connectOne = (i) =>
    new Promise((res, rej) => {
      const s = io(url, {
        path: '/socket.io',
        transports: ['websocket'],
        auth: { token: process.env.TOKEN },
        reconnection: false,
        forceNew: true,
        timeout: 20_000,
      });
      s.on('connect_error', (e) => rej(new Error(`client ${i}: connect_error ${e.message}`)));
      s.on('event.created', (e) => {
        const t = now();
        const p = e && e.payload;
        if (!p || p.bench !== TAG) {
          other++;
          return;
        }
        const seq = p.seq;
        if (seen[i][seq]) dup++;
        else seen[i][seq] = 1;
        if (seq < lastSeq[i]) outOfOrder++;
        lastSeq[i] = seq;
        received[i]++;
        if (p.warm) warmLat.push(t - p.sentAt);
        else if (nLat < lat.length) {
          lat[nLat] = t - p.sentAt;
          latBucket[nLat] = Math.floor((p.sentAt - t0) / 1000);
          nLat++;
        }
      });
      s.on('connect', () => {
        s.emit('subscribe', { topics: ['events'] }, (ack) =>
          ack && ack.ok ? res(s) : rej(new Error(`client ${i}: subscribe failed ${JSON.stringify(ack)}`)),
        );
      });
      sockets.push(s);
    });
  try {
    for (let i = 0; i < N; i += 10) await Promise.all(Array.from({ length: Math.min(10, N - i) }, (_, k) => connectOne(i + k)));
  } catch (e) {
    process.send({ type: 'error', message: e.message });
    process.exit(1);
  }
  process.send({ type: 'ready', connectMs: now() - tConnect });
  process.on('message', (m) => {
    if (m.type === 'start') {
      t0 = m.t0;
      cpu0 = process.cpuUsage();
      setTimeout(() => (cpu0 = process.cpuUsage()), Math.max(0, t0 - now())); // CPU of the measured part only
    } else if (m.type === 'progress') {
      process.send({ type: 'progress', received: received.reduce((a, b) => a + b, 0) });
    } else if (m.type === 'report') {
      const cpu = process.cpuUsage(cpu0);
      const all = Float64Array.from(lat.subarray(0, nLat)).sort();
      const buckets = new Map();
      for (let k = 0; k < nLat; k++) {
        const b = latBucket[k];
        if (!buckets.has(b)) buckets.set(b, []);
        buckets.get(b).push(lat[k]);
      }
      const timeline = [...buckets.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([sec, xs]) => {
          const s = Float64Array.from(xs).sort();
          return { sec, n: s.length, p50: pct(s, 50), p99: pct(s, 99), max: s[s.length - 1] };
        });
      const perClient = [...received];
      const warm = Float64Array.from(warmLat).sort();
      // Latency histograms, 0.1 ms buckets, mergeable across slices: the measured part's and the warm-up's.
      const histogram = (xs) => {
        const h = {};
        for (const x of xs) {
          const b = Math.max(0, Math.round(x * 10));
          h[b] = (h[b] ?? 0) + 1;
        }
        return h;
      };
      process.send({
        hist: histogram(lat.subarray(0, nLat)),
        warmHist: histogram(warmLat),
        type: 'report',
        received: perClient.reduce((a, b) => a + b, 0),
        perClientMin: Math.min(...perClient),
        perClientMax: Math.max(...perClient),
        dup,
        outOfOrder,
        other,
        lat: { n: all.length, p50: pct(all, 50), p90: pct(all, 90), p99: pct(all, 99), max: all[all.length - 1] },
        timeline,
        warm: { n: warm.length, p50: pct(warm, 50), p99: pct(warm, 99), max: warm[warm.length - 1] },
        cpuMs: (cpu.user + cpu.system) / 1000,
      });
      for (const s of sockets) s.close();
      setTimeout(() => process.exit(0), 200);
    }
  });
}

await clients();
