// `@Idempotent()` on a create or change route: `Idempotency-Key` handling without the handler seeing the request or
// the response, and with its real return type. Not an interceptor: an interceptor puts every request of the route
// through an RxJS chain (measured: 15–45 % fewer decrements/s, bench/RESULTS.md), while this wraps the handler
// itself, so a request without the header costs one header lookup; with it, the handler runs once per key inside a
// unit of work with its stored answer (IdempotentRequests).
import { HttpStatus, Req, Res } from '@nestjs/common';
import { HTTP_CODE_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import type { INestApplication } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiIdempotencyKey, IDEMPOTENCY_HEADER, IdempotentRequests } from './idempotent-requests';

/** Each app's IdempotentRequests, for the wrapped handlers (several apps may share a process in tests). */
const RUNS = new WeakMap<FastifyInstance, IdempotentRequests>();

/** Called once per app by configureApp (apps without the idempotency module have no keyed routes). */
export function registerIdempotentRequests(app: INestApplication): void {
  let runs: IdempotentRequests | undefined;
  try {
    runs = app.get(IdempotentRequests, { strict: false });
  } catch {
    return;
  }
  if (runs) RUNS.set(app.getHttpAdapter().getInstance() as FastifyInstance, runs);
}

type Handler = (...args: unknown[]) => unknown;

export function Idempotent(): MethodDecorator {
  return (target, key, descriptor: PropertyDescriptor) => {
    ApiIdempotencyKey()(target, key, descriptor);
    const original = descriptor.value as Handler;
    // The handler's own parameters come first; the request and the response are passed after them, for the wrapper.
    const declared = (Reflect.getMetadata(ROUTE_ARGS_METADATA, target.constructor, key) ?? {}) as Record<string, { index: number }>;
    const n = Math.max(original.length, ...Object.values(declared).map((a) => a.index + 1));
    Req()(target, key, n);
    Res({ passthrough: true })(target, key, n + 1);
    const wrapper: Handler = function (this: unknown, ...args: unknown[]) {
      const req = args[n] as FastifyRequest;
      const own = args.slice(0, n);
      if (req.headers[IDEMPOTENCY_HEADER] === undefined) return original.apply(this, own);
      const runs = RUNS.get(req.server) as IdempotentRequests;
      const status =
        (Reflect.getMetadata(HTTP_CODE_METADATA, wrapper) as number | undefined) ??
        (req.method === 'POST' ? HttpStatus.CREATED : HttpStatus.OK);
      return runs.run(req, args[n + 1] as FastifyReply, status, async () => original.apply(this, own));
    };
    // What the decorators below this one recorded on the handler (HttpCode, Swagger) stays with it.
    for (const k of Reflect.getMetadataKeys(original)) Reflect.defineMetadata(k, Reflect.getMetadata(k, original), wrapper);
    Object.defineProperty(wrapper, 'name', { value: original.name });
    descriptor.value = wrapper;
  };
}
