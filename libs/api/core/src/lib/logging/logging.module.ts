import { Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { PULSEBOARD_CONFIG, PulseboardConfig } from '../config/config';

/** Structured JSON logs (pino) with the request id bound to every line; tokens and passwords never reach the log. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [PULSEBOARD_CONFIG],
      useFactory: (cfg: PulseboardConfig) => ({
        // Express 5 / path-to-regexp 8 wildcard syntax (the default '*' logs a conversion warning at start).
        forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
        pinoHttp: {
          level: cfg.logLevel,
          redact: ['req.headers.authorization', 'req.headers.cookie', 'req.body.password'],
          // Request lines come from requestLog() (configure-app.ts), which is cheap when the level filters them out.
          autoLogging: false,
          // Lines logged during a request carry its id only: binding the whole serialised request to every request's
          // child logger cost a stringify and a redaction pass per request.
          quietReqLogger: true,
        },
      }),
    }),
  ],
})
export class LoggingModule {}
