import { Global, Module } from '@nestjs/common';
import { PULSEBOARD_CONFIG, PulseboardConfig } from '../config/config';
import { createRootLogger, prettyWhenInteractive, PulseboardLogger } from './logger';
import { RequestHooks } from './request-log';

/**
 * Structured JSON logs (pino): `PulseboardLogger` is Nest's logger (`app.useLogger(app.get(PulseboardLogger))`), its
 * `pino` the root logger; lines written during a request carry its `reqId`; tokens and passwords never reach the log.
 */
@Global()
@Module({
  providers: [
    {
      provide: PulseboardLogger,
      inject: [PULSEBOARD_CONFIG],
      useFactory: (cfg: PulseboardConfig) =>
        new PulseboardLogger(createRootLogger(cfg.logLevel, prettyWhenInteractive(cfg.nodeEnv, process.stdout.isTTY === true))),
    },
    RequestHooks,
  ],
  exports: [PulseboardLogger, RequestHooks],
})
export class LoggingModule {}
