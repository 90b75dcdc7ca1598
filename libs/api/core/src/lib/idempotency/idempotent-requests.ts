// `Idempotency-Key` on every create and change (POST): the first answer (a success, 404 or 409) is stored with the key,
// per user and bound to the request; a repeat within 24 h gets it again without running the change.
import { BadRequestException, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { IDEMPOTENCY_KEY_HEADER } from '@pulseboard/shared/contracts';
import type { AuthUser } from '../auth-metadata/auth-metadata';
import { toErrorBody } from '../http/http-error.filter';
import { UnitOfWork } from '../database/unit-of-work';
import { IdempotencyService } from './idempotency.service';

const KEY_RE = /^[\x21-\x7e]{1,200}$/;
/** The header as Node spells it on `req.headers`. */
export const IDEMPOTENCY_HEADER = IDEMPOTENCY_KEY_HEADER.toLowerCase();
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';

/** Swagger: the route accepts `Idempotency-Key`. */
export const ApiIdempotencyKey = () =>
  ApiHeader({
    name: IDEMPOTENCY_KEY_HEADER,
    required: false,
    description:
      'Repeating a key (same user, within 24 h) with the same request returns the first answer again and changes nothing; ' +
      'the key with another method, path or body answers 422.',
  });

/** What binds a key to its request: the method, the path (with its query) and the body. */
export function requestFingerprint(req: Pick<FastifyRequest, 'method' | 'url' | 'body'>): string {
  return createHash('sha256')
    .update(`${req.method} ${req.url}\n${JSON.stringify(req.body ?? null)}`)
    .digest('hex');
}

/** Runs a keyed change once per key (used by the handlers `@Idempotent()` wraps). */
@Injectable()
export class IdempotentRequests {
  constructor(
    private readonly keys: IdempotencyService,
    private readonly uow: UnitOfWork,
  ) {}

  /** Runs `change` once per key: `successStatus` is its answer's status (201 create, 202 job, 204 delete, 200 action). */
  async run<T>(req: FastifyRequest, res: FastifyReply, successStatus: number, change: () => Promise<T>): Promise<T | unknown> {
    const header = req.headers[IDEMPOTENCY_HEADER];
    if (header === undefined) return change();
    const key = Array.isArray(header) ? header[0] : header;
    if (!KEY_RE.test(key)) throw new BadRequestException(`${IDEMPOTENCY_KEY_HEADER} must be 1-200 visible ASCII characters`);
    const userId = (req as FastifyRequest & { user?: AuthUser }).user?.id ?? '';
    const start = await this.keys.begin(userId, key, requestFingerprint(req));
    if (start.kind === 'replay') {
      void res.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
      if (start.status >= 400) throw new HttpException(start.body as object, start.status);
      void res.code(start.status);
      return start.status === HttpStatus.NO_CONTENT ? undefined : start.body;
    }
    try {
      // The change and its stored answer commit together: a failure between them (a crash, a lost database) undoes
      // both, and a retry with the key then runs the change exactly once.
      return await this.uow.run(async () => {
        const body = await change();
        await this.keys.complete(start.rowId, successStatus, body ?? null, this.uow.runner());
        return body;
      });
    } catch (e) {
      // 404 and 409 depend on the resource's state: remember them. Anything else (a 400, a server error) frees the key
      // so the client can correct or retry the request with it.
      if (e instanceof HttpException && [HttpStatus.NOT_FOUND, HttpStatus.CONFLICT].includes(e.getStatus())) {
        await this.keys.complete(start.rowId, e.getStatus(), toErrorBody(e));
      } else {
        await this.keys.release(start.rowId).catch(() => undefined);
      }
      throw e;
    }
  }
}
