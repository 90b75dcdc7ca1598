import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import type { ErrorBody } from '@pulseboard/shared/contracts';
import { isDatabaseUnavailable, refusedValueMessage } from '../database/db-errors';

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

/** Errors thrown by express's body parser (http-errors): they carry `status` and a `type`. */
interface BodyParserError {
  status: number;
  type?: string;
  expose?: boolean;
  message: string;
}

function isBodyParserError(e: unknown): e is BodyParserError {
  return typeof e === 'object' && e !== null && typeof (e as BodyParserError).status === 'number' && 'expose' in e;
}

/** Maps any thrown value to Nest's standard error body. Never leaks a stack trace; logs 5xx. */
export function toErrorBody(exception: unknown, bodyLimit = '1 MiB'): ErrorBody {
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    if (typeof response === 'string') return { statusCode: status, message: response, error: reasonPhrase(status) };
    const r = response as Partial<ErrorBody> & { message?: unknown };
    const message = typeof r.message === 'string' || Array.isArray(r.message) ? (r.message as string | string[]) : exception.message;
    return { statusCode: status, message, error: typeof r.error === 'string' ? r.error : reasonPhrase(status) };
  }
  if (isBodyParserError(exception) && exception.status >= 400 && exception.status < 500) {
    const status = exception.status;
    let message = exception.expose ? exception.message : reasonPhrase(status);
    if (exception.type === 'entity.too.large') message = `Request body is larger than the ${bodyLimit} limit`;
    if (exception.type === 'entity.parse.failed') message = `Malformed JSON body: ${exception.message}`;
    return { statusCode: status, message, error: reasonPhrase(status) };
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
    const res = host.switchToHttp().getResponse<Response>();
    const body = toErrorBody(exception);
    if (body.statusCode === 503) {
      res.setHeader('Retry-After', '1');
      this.logger.warn(`503: ${exception instanceof Error ? exception.message : String(exception)}`);
    } else if (body.statusCode >= 500) {
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    res.status(body.statusCode ?? HttpStatus.INTERNAL_SERVER_ERROR).json(body);
  }
}
