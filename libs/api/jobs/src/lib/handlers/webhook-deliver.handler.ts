import { Injectable } from '@nestjs/common';
import type { WebhookDeliverPayload, WebhookDeliverResult } from '@pulseboard/shared/contracts';
import {
  AllowedHosts,
  guardedRequest,
  InjectConfig,
  OutboundRefusedError,
  parseAllowedHosts,
  PulseboardConfig,
  redactUrl,
} from '@pulseboard/api/core';
import { JobHandler, JobRunContext, NonRetryableJobError } from './job-handler';
import { compilePayloadSchema } from './payload-schema';

/** How long one delivery may take, redirects included. */
export const WEBHOOK_TIMEOUT_MS = 15_000;

/**
 * Delivers an HTTP request through the guarded client (no internal addresses unless WEBHOOK_ALLOWED_HOSTS names them,
 * at most 3 redirects each checked, 64 KiB read); a non-2xx answer or a network error is a failed attempt, a refused
 * address fails the job at once (retrying cannot help).
 */
@Injectable()
export class WebhookDeliverHandler implements JobHandler<WebhookDeliverPayload, WebhookDeliverResult> {
  readonly type = 'webhook.deliver';
  readonly description = 'Sends an HTTP request to url; a non-2xx answer or a network error is retried.';
  readonly payloadSchema = {
    type: 'object',
    additionalProperties: false,
    required: ['url'],
    properties: {
      url: {
        type: 'string',
        maxLength: 2000,
        pattern: '^https?://[^\\s]+$',
        errorMessage: '{path} must be an http or https URL',
        'x-secret': 'userinfo',
      },
      method: { type: 'string', enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], default: 'POST' },
      headers: {
        type: 'object',
        additionalProperties: { type: 'string', maxLength: 4000 },
        'x-secret': true,
        description: 'Sent with the request; shown as "***" everywhere.',
      },
      body: { description: 'Sent as JSON (strings as they are).' },
    },
  };
  private readonly allowedHosts: AllowedHosts;

  constructor(@InjectConfig() cfg: PulseboardConfig) {
    this.allowedHosts = parseAllowedHosts(cfg.webhookAllowedHosts);
  }

  readonly example: WebhookDeliverPayload = { url: 'https://example.com/hook', method: 'POST', body: { hello: 'world' } };
  private readonly check = compilePayloadSchema(this.payloadSchema);

  validate(payload: unknown): string[] {
    const errors = this.check(payload);
    const p = payload as WebhookDeliverPayload;
    if (!errors.length) {
      try {
        new URL(p.url);
      } catch {
        errors.push('payload.url must be an http or https URL');
      }
    }
    return errors;
  }

  async run(p: WebhookDeliverPayload, ctx: JobRunContext): Promise<WebhookDeliverResult> {
    const method = p.method ?? 'POST';
    const hasBody = p.body !== undefined && method !== 'GET';
    const headers: Record<string, string> = {
      ...(hasBody && typeof p.body !== 'string' ? { 'content-type': 'application/json' } : {}),
      ...p.headers,
    };
    // Messages and logs name the URL without its credentials, and never the headers.
    const shown = redactUrl(p.url);
    const started = Date.now();
    const res = await guardedRequest(
      {
        url: p.url,
        method,
        headers,
        body: hasBody ? (typeof p.body === 'string' ? p.body : JSON.stringify(p.body)) : undefined,
        timeoutMs: WEBHOOK_TIMEOUT_MS,
      },
      this.allowedHosts,
    ).catch((e: Error) => {
      throw e instanceof OutboundRefusedError
        ? new NonRetryableJobError(e.message)
        : new Error(`${method} ${shown} failed: ${e.message.split(p.url).join(shown)}`);
    });
    const durationMs = Date.now() - started;
    ctx.log(
      `${method} ${shown} answered HTTP ${res.status} in ${durationMs} ms${res.redirects ? ` after ${res.redirects} redirect(s)` : ''}`,
    );
    if (res.status < 200 || res.status > 299) throw new Error(`${method} ${shown} answered HTTP ${res.status}`);
    ctx.progress(100);
    return { status: res.status, durationMs };
  }
}
