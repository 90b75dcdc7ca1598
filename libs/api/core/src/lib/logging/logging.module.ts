import { Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { PULSEBOARD_CONFIG, PulseboardConfig } from '../config/config';

/** Structured JSON logs (pino); tokens and passwords never reach the log. */
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
          autoLogging: { ignore: (req) => req.url === '/api/health' },
          customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
        },
      }),
    }),
  ],
})
export class LoggingModule {}
