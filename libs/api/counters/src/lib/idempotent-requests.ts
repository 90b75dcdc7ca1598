import { BadRequestException, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { toErrorBody } from '@pulseboard/api/core';
import { IDEMPOTENCY_KEY_HEADER } from '@pulseboard/shared/contracts';
import { IdempotencyService } from './idempotency.service';

const KEY_RE = /^[\x21-\x7e]{1,200}$/;
const HEADER = IDEMPOTENCY_KEY_HEADER.toLowerCase();
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';

export interface IdempotentCall {
  /** The counter the call changes ('' for a creation). */
  counterId: string;
  /** Names the endpoint in the stored key (a key is scoped to its counter and action). */
  action: string;
  /** The status of a success (201 for a creation, 204 for a delete, 200 for an action). */
  successStatus: number;
}

/**
 * `Idempotency-Key` on counter mutations: the first response (success, 404 or 409) is stored and a repeat of the key
 * on the same counter within 24 h gets it again without running the change. A plain async wrapper rather than a Nest
 * interceptor: an interceptor puts every request, keyed or not, through an RxJS pipeline, which cost about a sixth of
 * a decrement's CPU; here a request without a key pays one header lookup.
 */
@Injectable()
export class IdempotentRequests {
  constructor(private readonly keys: IdempotencyService) {}

  async run<T>(req: Request, res: Response, call: IdempotentCall, change: () => Promise<T>): Promise<T | unknown> {
    const header = req.headers[HEADER];
    if (header === undefined) return change();
    const key = Array.isArray(header) ? header[0] : header;
    if (!KEY_RE.test(key)) {
      throw new BadRequestException(`${IDEMPOTENCY_KEY_HEADER} must be 1-200 visible ASCII characters`);
    }
    const start = await this.keys.begin(call.counterId.toLowerCase(), key, call.action.slice(0, 16));
    if (start.kind === 'replay') {
      res.setHeader(IDEMPOTENT_REPLAYED_HEADER, 'true');
      if (start.status >= 400) throw new HttpException(start.body as object, start.status);
      res.status(start.status);
      return start.status === HttpStatus.NO_CONTENT ? undefined : start.body;
    }
    try {
      const body = await change();
      await this.keys.complete(start.rowId, call.successStatus, body ?? null);
      return body;
    } catch (e) {
      // 404 and 409 depend on the counter's state: remember them. Anything else (a server error) frees the key so
      // the client can retry with it.
      if (e instanceof HttpException && [HttpStatus.NOT_FOUND, HttpStatus.CONFLICT].includes(e.getStatus())) {
        await this.keys.complete(start.rowId, e.getStatus(), toErrorBody(e));
      } else {
        await this.keys.release(start.rowId).catch(() => undefined);
      }
      throw e;
    }
  }
}
