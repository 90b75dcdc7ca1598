// Preloaded into the built API by the events-list bench (`node -r ./bench/lib/loop-delay-preload.cjs ...`): measures
// the process's event-loop delay (perf_hooks.monitorEventLoopDelay, 5 ms resolution). On SIGWINCH (as the SQL trace)
// the delay since the last dump (p50, p99, max in ms) is written (JSON) to $BENCH_LOOP_DELAY and the histogram reset.
// The API code is not changed.
'use strict';
const fs = require('node:fs');
const { monitorEventLoopDelay } = require('node:perf_hooks');

const out = process.env.BENCH_LOOP_DELAY;
if (out) {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const ms = (ns) => ns / 1e6;
  process.on('SIGWINCH', () => {
    const r = { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max), samples: h.count };
    fs.writeFileSync(`${out}.tmp`, JSON.stringify(r));
    fs.renameSync(`${out}.tmp`, out);
    h.reset();
  });
}
