// A graceful shutdown that cannot hang: after SIGTERM/SIGINT the process exits within SHUTDOWN_TIMEOUT_MS, whatever
// is still running (a worker's job then is handed back: its Bull lock expires and another worker takes it).
export function exitWithin(timeoutMs: number, name: string): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      process.stdout.write(`${name}: ${signal} received, shutting down (at most ${timeoutMs} ms)\n`);
      setTimeout(() => {
        process.stderr.write(`${name}: shutdown did not finish within ${timeoutMs} ms (SHUTDOWN_TIMEOUT_MS); exiting\n`);
        process.exit(1);
      }, timeoutMs).unref();
    });
  }
}
