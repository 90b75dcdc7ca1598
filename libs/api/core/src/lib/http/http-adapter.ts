// The HTTP platform: Fastify (through @nestjs/platform-fastify). Express cost about half of the budget of a small
// request before any feature code ran (bench/RESULTS.md); Fastify's router, hooks and reply are the cheaper path.
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { PulseboardEnv } from '../config/env';
import { requestIdOf } from '../logging/request-log';
import { BODY_LIMIT_BYTES } from './body-parsers';
import { reasonPhrase } from './http-error.filter';

export type PulseboardHttpApp = NestFastifyApplication;

/**
 * The path of `url` as routing matches it: without the query, %-escapes decoded (so `/api/%64ocs-json` is
 * `/api/docs-json`); null when it does not decode. A check on the raw URL alone can be passed by escaping a letter.
 */
export function routedPath(url: string): string | null {
  try {
    return decodeURIComponent(url.split('?')[0]);
  } catch {
    return null;
  }
}

/** What an app does to an answer Fastify gives before routing (its headers, its log line, its audit record). */
export type OutsideHooks = (req: FastifyRequest, reply: FastifyReply) => void;
const OUTSIDE_HOOKS = new WeakMap<FastifyInstance, OutsideHooks>();

/** Registers `hooks` for the answers `instance` gives without running its hooks (configureApp does). */
export function onAnswerOutsideHooks(instance: FastifyInstance, hooks: OutsideHooks): void {
  OUTSIDE_HOOKS.set(instance, hooks);
}

/** Trusts the `n` hops nearest to the API (the peer is hop 0): the operator says `n` proxies stand in front. */
function trustHops(n: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < n;
}

/**
 * The adapter every HTTP app of Pulseboard is created with (main.ts and the integration tests alike). Routing keeps
 * the rules clients already rely on: paths match without regard to case or a trailing slash.
 */
export function createHttpAdapter(cfg: Pick<PulseboardEnv, 'trustProxy'>): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    // TRUST_PROXY (default off): which proxies' X-Forwarded-For decides request.ip (login throttle, audit, logs). A hop
    // count trusts that many nearest hops, as proxy-addr and Express count them (Fastify 5.12 reads a bare number as
    // trusting none).
    trustProxy: typeof cfg.trustProxy === 'number' ? trustHops(cfg.trustProxy) : cfg.trustProxy,
    // The request log (request-log.ts) writes one line per request through pino; Fastify's own logger stays off.
    logger: false,
    // The request's id: the client's X-Request-Id when well formed, else a UUID.
    genReqId: (raw: IncomingMessage) => requestIdOf(raw.headers),
    requestIdHeader: false,
    // No Express-style middleware is used: hooks do that work without middie's per-request pass.
    skipMiddie: true,
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true, maxParamLength: 1000 },
    // Node's own limit for receiving a whole request (Fastify turns it off): a stalled upload does not hold a socket.
    requestTimeout: 300_000,
    // What Fastify refuses before routing (a URL that does not decode) runs no hook: it answers in the API's error
    // shape, with the headers, log line and audit record every answer gets.
    frameworkErrors: (error: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
      const status = typeof error.statusCode === 'number' && error.statusCode < 500 ? error.statusCode : 400;
      OUTSIDE_HOOKS.get(reply.server)?.(req, reply);
      void reply.code(status).send({ statusCode: status, message: error.message, error: reasonPhrase(status) });
    },
  });
}
