import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { REQUEST_ID_HEADER } from '@pulseboard/shared/contracts';
import type { AuthUser } from '../auth-metadata/auth-metadata';
import { requestContext } from './logger';

/** An incoming `X-Request-Id` is kept when it is this shape; otherwise the API gives the request a UUID. */
const REQUEST_ID = /^[\w.:@/-]{1,128}$/;
const REQUEST_ID_KEY = REQUEST_ID_HEADER.toLowerCase();

/** The id of a request: the client's `X-Request-Id` when well formed, else a UUID (ids of several instances never collide). */
export function requestIdOf(headers: IncomingHttpHeaders): string {
  const incoming = headers[REQUEST_ID_KEY];
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** What listeners learn of a request once its answer is sent, whatever the HTTP platform. */
export interface FinishedRequest {
  id: string;
  method: string;
  /** The path and query as the client sent them. */
  url: string;
  /** The route pattern that matched (e.g. `/api/counters/:id/decrement`), or null when none did. */
  route: string | null;
  params: Readonly<Record<string, string | undefined>>;
  ip: string;
  statusCode: number;
  /** The authenticated user, when the guard ran and accepted one. */
  user?: AuthUser;
  /** The parsed body (never logged or stored whole: the audit trail reads the username of a login from it). */
  body?: unknown;
}

/** Called once per request after its answer is sent (e.g. the audit trail). */
export type RequestFinishedListener = (req: FinishedRequest) => void;

/**
 * Listeners of finished requests, per app. Features register here instead of adding their own hooks, so they
 * also see the answers no handler gave (an unknown route, a malformed or oversized body).
 */
export class RequestHooks {
  private readonly listeners: RequestFinishedListener[] = [];

  onFinished(listener: RequestFinishedListener): void {
    this.listeners.push(listener);
  }

  get listening(): boolean {
    return this.listeners.length > 0;
  }

  finished(req: FinishedRequest): void {
    for (const l of this.listeners) l(req);
  }
}

type RequestWithUser = FastifyRequest & { user?: AuthUser };

export function finishedRequest(req: RequestWithUser, reply: Pick<FastifyReply, 'statusCode'>): FinishedRequest {
  return {
    id: String(req.id),
    method: req.method,
    url: req.url,
    route: req.is404 ? null : (req.routeOptions.url ?? null),
    params: (req.params ?? {}) as Record<string, string | undefined>,
    ip: req.ip ?? req.socket?.remoteAddress ?? 'unknown',
    statusCode: reply.statusCode,
    user: req.user,
    body: req.body,
  };
}

/**
 * Per request: its id (see requestIdOf) echoed in the `X-Request-Id` response header and attached to every line
 * logged while it is handled (via `requestContext`: Fastify carries the context through body parsing), and one line
 * when it finishes (info for 2xx/3xx, warn for 4xx, error for 5xx), built only when that level is enabled. `hooks`
 * hear of every finished request. Returns what an answer given outside Fastify's hooks needs to get the same.
 */
export function installRequestLog(
  instance: FastifyInstance,
  logger: Logger,
  ignore: (url: string) => boolean = () => false,
  hooks?: RequestHooks,
): (req: FastifyRequest, reply: FastifyReply) => void {
  const finished = (req: FastifyRequest, reply: FastifyReply) => {
    if (hooks?.listening) hooks.finished(finishedRequest(req, reply));
    const status = reply.statusCode;
    const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
    if (logger.isLevelEnabled(level) && !ignore(req.url)) {
      // Outside requestContext here (the answer is sent), so the id is passed explicitly.
      logger[level](
        {
          reqId: req.id,
          method: req.method,
          url: req.url,
          statusCode: status,
          responseTimeMs: Math.round(reply.elapsedTime * 100) / 100,
        },
        'request completed',
      );
    }
  };
  instance.addHook('onRequest', (req, reply, done) => {
    reply.header(REQUEST_ID_HEADER, req.id);
    // Everything that follows (body parsing, the handler, an error answer) runs inside this call or is bound to it.
    requestContext.run({ reqId: String(req.id) }, done);
  });
  instance.addHook('onResponse', (req, reply, done) => {
    finished(req, reply);
    done();
  });
  return (req, reply) => {
    void reply.header(REQUEST_ID_HEADER, req.id);
    reply.raw.once('finish', () => finished(req, reply));
  };
}
