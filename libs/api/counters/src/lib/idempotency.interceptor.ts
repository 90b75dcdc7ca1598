import {
  BadRequestException,
  CallHandler,
  ExecutionContext,
  HttpException,
  HttpStatus,
  Injectable,
  NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { catchError, concatMap, from, Observable, of, switchMap, throwError } from 'rxjs';
import { toErrorBody } from '@pulseboard/api/core';
import { IDEMPOTENCY_KEY_HEADER } from '@pulseboard/shared/contracts';
import { isUuid } from './counters.service';
import { IdempotencyService } from './idempotency.service';

const KEY_RE = /^[\x21-\x7e]{1,200}$/;
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';

/**
 * `Idempotency-Key` on counter mutations: the first response (success or 4xx) is stored and a repeat of the key
 * on the same counter within 24 h gets it again without running the handler.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly keys: IdempotencyService,
    private readonly reflector: Reflector,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<Request>();
    const res = ctx.switchToHttp().getResponse<Response>();
    const header = req.headers[IDEMPOTENCY_KEY_HEADER.toLowerCase()];
    if (req.method === 'GET' || header === undefined) return next.handle();
    const key = Array.isArray(header) ? header[0] : header;
    if (!KEY_RE.test(key)) {
      throw new BadRequestException(`${IDEMPOTENCY_KEY_HEADER} must be 1-200 visible ASCII characters`);
    }
    const counterId = (req.params as Record<string, string | undefined>)['id'] ?? '';
    // An id that cannot exist gets its 404 from the handler; there is nothing to remember.
    if (counterId && !isUuid(counterId)) return next.handle();
    const action = ctx.getHandler().name.slice(0, 16);
    const successStatus =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, ctx.getHandler()) ??
      (req.method === 'POST' ? HttpStatus.CREATED : HttpStatus.OK);

    return from(this.keys.begin(counterId.toLowerCase(), key, action)).pipe(
      switchMap((start) => {
        if (start.kind === 'replay') {
          res.setHeader(IDEMPOTENT_REPLAYED_HEADER, 'true');
          if (start.status >= 400) return throwError(() => new HttpException(start.body as object, start.status));
          res.status(start.status);
          return of(start.status === HttpStatus.NO_CONTENT ? undefined : start.body);
        }
        return next.handle().pipe(
          concatMap(async (body: unknown) => {
            await this.keys.complete(start.rowId, successStatus, body ?? null);
            return body;
          }),
          catchError(async (e: unknown) => {
            // 404 and 409 depend on the counter's state: remember them. A 400 changed nothing and the client
            // may fix its body and retry with the same key; server errors free the key for a retry.
            if (e instanceof HttpException && [HttpStatus.NOT_FOUND, HttpStatus.CONFLICT].includes(e.getStatus())) {
              await this.keys.complete(start.rowId, e.getStatus(), toErrorBody(e));
            } else {
              await this.keys.release(start.rowId).catch(() => undefined);
            }
            throw e;
          }),
        );
      }),
    );
  }
}
