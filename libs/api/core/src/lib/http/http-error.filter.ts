import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { ErrorBody } from '@pulseboard/shared/contracts';
import { isDatabaseUnavailable, refusedValueMessage } from '../database/db-errors';
import { BODY_LIMIT_TEXT } from './body-parsers';

/** The answer when the database cannot be reached: the client may retry (with `Retry-After`). */
export const DATABASE_UNAVAILABLE = 'Database unavailable; try again shortly';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function reasonPhrase(status: number): string {
  return REASONS[status] ?? (status >= 500 ? 'Internal Server Error' : 'Error');
}

/** Maps any thrown value to Nest's standard error body. Never leaks a stack trace; logs 5xx. */
export function toErrorBody(exception: unknown, bodyLimit = BODY_LIMIT_TEXT): ErrorBody {
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    // Fastify's own refusals (a body over the limit, a malformed URL) reach here as HttpExceptions with its message;
    // the only 413 is the body limit, and it says which limit.
    if (status === HttpStatus.PAYLOAD_TOO_LARGE) {
      return { statusCode: status, message: `Request body is larger than the ${bodyLimit} limit`, error: reasonPhrase(status) };
    }
    if (typeof response === 'string') return { statusCode: status, message: response, error: reasonPhrase(status) };
    const r = response as Partial<ErrorBody> & { message?: unknown };
    const message = typeof r.message === 'string' || Array.isArray(r.message) ? (r.message as string | string[]) : exception.message;
    return { statusCode: status, message, error: typeof r.error === 'string' ? r.error : reasonPhrase(status) };
  }
  // What Node or Fastify raise for the client's side of the exchange (a request aborted mid-body): theirs is the 4xx.
  const clientStatus = (exception as { statusCode?: unknown } | null)?.statusCode;
  if (typeof clientStatus === 'number' && clientStatus >= 400 && clientStatus < 500) {
    const message = exception instanceof Error && exception.message ? exception.message : reasonPhrase(clientStatus);
    return { statusCode: clientStatus, message, error: reasonPhrase(clientStatus) };
  }
  if (isDatabaseUnavailable(exception)) return { statusCode: 503, message: DATABASE_UNAVAILABLE, error: reasonPhrase(503) };
  const refused = refusedValueMessage(exception);
  if (refused) return { statusCode: 400, message: refused, error: reasonPhrase(400) };
  return { statusCode: 500, message: 'Internal server error', error: reasonPhrase(500) };
}

@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = toErrorBody(exception);
    if (body.statusCode === 503) {
      this.logger.warn(`503: ${exception instanceof Error ? exception.message : String(exception)}`);
    } else if (body.statusCode >= 500) {
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    }
    // An answer already under way (a stream, a download) can only be cut short.
    if (reply.sent || reply.raw.headersSent) {
      reply.raw.end();
      return;
    }
    if (body.statusCode === 503) void reply.header('Retry-After', '1');
    // A body refused unread (over the limit) is read off first: answering while the client still sends it makes the
    // connection close under the client, which then sees a failed request instead of the 413.
    afterRequestBody(reply.request.raw, (tooMuch) => {
      if (tooMuch) void reply.header('Connection', 'close');
      void reply.code(body.statusCode ?? HttpStatus.INTERNAL_SERVER_ERROR).send(body);
    });
  }
}

/** How much of a refused body is read off before the answer goes out anyway (and the connection is closed). */
export const DRAIN_LIMIT_BYTES = 16 * 1024 * 1024;
/** How long a refused body may take to arrive before the answer goes out anyway. */
export const DRAIN_DEADLINE_MS = 5_000;

/**
 * Calls `then` once the request's body has been received (at once when it has), reading off what is left unread; at
 * once with `tooMuch` when the declared length is over DRAIN_LIMIT_BYTES, and with it when more than that arrives or
 * the rest takes longer than DRAIN_DEADLINE_MS (the caller closes the connection then).
 */
export function afterRequestBody(raw: IncomingMessage, then: (tooMuch: boolean) => void): void {
  if (raw.complete || raw.readableEnded || raw.destroyed) return then(false);
  if (Number(raw.headers['content-length']) > DRAIN_LIMIT_BYTES) return then(true);
  let seen = 0;
  let called = false;
  const finish = (tooMuch: boolean) => {
    if (called) return;
    called = true;
    clearTimeout(timer);
    raw.off('data', onData).off('end', onEnd).off('error', onEnd);
    then(tooMuch);
  };
  const onData = (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > DRAIN_LIMIT_BYTES) finish(true);
  };
  const onEnd = () => finish(false);
  const timer = setTimeout(() => finish(true), DRAIN_DEADLINE_MS);
  raw.on('data', onData).once('end', onEnd).once('error', onEnd);
  raw.resume();
}
