import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { writeFileSync } from 'node:fs';
import { exitOnInvalidConfig, exitWithin, PULSEBOARD_CONFIG, PulseboardConfig, PulseboardLogger } from '@pulseboard/api/core';
import { JOBS_QUEUE } from '@pulseboard/api/jobs';
import { WorkerModule } from './worker.module';

/** How often the health file is touched; the healthcheck allows three missed beats. */
const HEALTH_INTERVAL_MS = 10_000;

async function bootstrap(): Promise<void> {
  exitOnInvalidConfig();
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(PulseboardLogger));
  await app.init();
  // SIGTERM/SIGINT close the queues (waiting for running jobs) and the connections, then exit 0.
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      if (stopping) return;
      stopping = true;
      app.close().then(
        () => process.exit(0),
        (e: Error) => {
          process.stderr.write(`Pulseboard worker shutdown failed: ${e.message}\n`);
          process.exit(1);
        },
      );
    });
  }
  // Liveness for a container healthcheck: the file's mtime moves while the jobs queue reaches Redis.
  const cfg = app.get<PulseboardConfig>(PULSEBOARD_CONFIG);
  // Running jobs get SHUTDOWN_TIMEOUT_MS to finish; past it the process exits and Bull hands them to another worker.
  exitWithin(cfg.shutdownTimeoutMs, 'Pulseboard worker');
  const queue = app.get<Queue>(getQueueToken(JOBS_QUEUE));
  const beat = () => {
    if (queue.client.status === 'ready') writeFileSync(cfg.workerHealthFile, `${Date.now()}\n`);
  };
  beat();
  setInterval(beat, HEALTH_INTERVAL_MS).unref();
  new Logger('Worker').log('Pulseboard worker processing queues');
  process.stdout.write('Pulseboard worker ready\n');
}

bootstrap().catch((e: Error) => {
  process.stderr.write(`Pulseboard worker failed to start: ${e.message}\n`);
  process.exit(1);
});
