import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { exitOnInvalidConfig, PulseboardLogger } from '@pulseboard/api/core';
import { WorkerModule } from './worker.module';

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
  new Logger('Worker').log('Pulseboard worker processing queues');
  process.stdout.write('Pulseboard worker ready\n');
}

bootstrap().catch((e: Error) => {
  process.stderr.write(`Pulseboard worker failed to start: ${e.message}\n`);
  process.exit(1);
});
