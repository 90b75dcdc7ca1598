import { AsyncLocalStorage } from 'node:async_hooks';
import type { LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Level, Logger } from 'pino';
import pinoPretty from 'pino-pretty';

/** The request a log line was written for, when there is one (set by `requestLog`). */
export interface RequestContext {
  reqId: string | number;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

/** Keys whose values never reach the log, wherever they appear in a logged object (one level deep). */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
];

/** `scheme://user:password@` in any text: the credentials of a URL (REDIS_URL, DATABASE_URL, a webhook's URL…). */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]*(?::[^\s/@]*)?@/gi;

/** `text` with the credentials of every URL in it replaced by `***` (applied to every log message). */
export function scrubUrlCredentials(text: string): string {
  return text.includes('@') ? text.replace(URL_CREDENTIALS, '$1***:***@') : text;
}

/**
 * Readable lines for a person at a terminal (pino-pretty, in this thread: no worker), outside production; undefined
 * (JSON lines on stdout) otherwise: in production, under CI, and whenever the output goes to a file or a collector.
 */
export function prettyWhenInteractive(nodeEnv: string, isTty: boolean, destination?: NodeJS.WritableStream): DestinationStream | undefined {
  if (nodeEnv === 'production' || !isTty) return undefined;
  return pinoPretty({
    colorize: !destination,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
    ...(destination ? { destination } : {}),
  });
}

/**
 * The process's root pino logger: JSON lines on stdout (or `stream`), secrets redacted, and the id of the request a
 * line was written for (`reqId`), taken from `requestContext` when the line is written rather than bound into a child
 * logger per request, which cost a child logger and a serialised request on every request whether or not it logged.
 */
export function createRootLogger(level: string, stream?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      // Messages are text a developer wrote, often with an error's message in it (a driver's error can quote its
      // connection string): no URL credentials survive into a line.
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? scrubUrlCredentials(a) : a)) as Parameters<typeof method>);
        },
      },
      mixin: () => {
        const ctx = requestContext.getStore();
        return ctx ? { reqId: ctx.reqId } : {};
      },
    },
    // Buffered asynchronous writes to stdout (flushed at least every 4 KiB and on exit): a synchronous write per
    // line was a system call per request at LOG_LEVEL=info.
    stream ?? pino.destination({ dest: 1, sync: false, minLength: 4096 }),
  );
}

const NEST_TO_PINO: Record<'log' | 'error' | 'warn' | 'debug' | 'verbose' | 'fatal', Level> = {
  log: 'info',
  error: 'error',
  warn: 'warn',
  debug: 'debug',
  verbose: 'trace',
  fatal: 'fatal',
};

/**
 * Nest's LoggerService on pino: `new Logger('Context').warn(...)` anywhere in the app becomes one JSON line with
 * `context`, and an error's stack goes to `stack` (or `err` when an Error object is logged).
 */
export class PulseboardLogger implements LoggerService {
  constructor(readonly pino: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('log', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('verbose', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(method: keyof typeof NEST_TO_PINO, message: unknown, params: unknown[]): void {
    const level = NEST_TO_PINO[method];
    if (!this.pino.isLevelEnabled(level)) return;
    const rest = [...params];
    // Nest's Logger appends its context as the last argument; error() passes the stack before it.
    const last = rest[rest.length - 1];
    const context = typeof last === 'string' && !last.includes('\n') ? (rest.pop() as string) : undefined;
    const fields: Record<string, unknown> = {};
    if (context) fields['context'] = context;
    if (method === 'error' || method === 'fatal') {
      const stack = rest[0];
      if (typeof stack === 'string' || stack === undefined) rest.shift();
      if (typeof stack === 'string' && stack) fields['stack'] = scrubUrlCredentials(stack);
    }
    const extra = rest.filter((p) => p !== undefined);
    if (extra.length > 0) fields['params'] = extra;
    if (message instanceof Error) {
      fields['err'] = message;
      this.pino[level](fields, message.message);
    } else if (message !== null && typeof message === 'object') {
      this.pino[level]({ ...fields, ...(message as Record<string, unknown>) });
    } else {
      this.pino[level](fields, String(message));
    }
  }
}
