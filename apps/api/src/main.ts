import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { configureApp, createHttpAdapter, exitOnInvalidConfig, exitWithin, parseEnv, type PulseboardHttpApp } from '@pulseboard/api/core';
import { PulseboardIoAdapter } from '@pulseboard/api/realtime';
import { AppModule } from './app.module';

async function bootstrap(): Promise<void> {
  // Validate the environment before anything connects: a bad value stops here with a message naming the variable.
  exitOnInvalidConfig();
  const app = await NestFactory.create<PulseboardHttpApp>(AppModule, createHttpAdapter(parseEnv()), {
    bodyParser: false,
    bufferLogs: true,
  });
  const cfg = await configureApp(app, { console: true });
  app.useWebSocketAdapter(new PulseboardIoAdapter(app));
  // SIGTERM: Nest's shutdown hooks stop accepting, end event streams, tell sockets "server restarting", let
  // requests in flight finish, close the queues, then the database; this deadline bounds all of it.
  exitWithin(cfg.shutdownTimeoutMs, 'Pulseboard');
  await app.listen(cfg.port, cfg.host);
  process.stdout.write(`Pulseboard listening on http://localhost:${cfg.port} (API docs: /api/docs)\n`);
}

bootstrap().catch((e: Error) => {
  process.stderr.write(`Pulseboard failed to start: ${e.message}\n`);
  process.exit(1);
});
