import { Injectable } from '@nestjs/common';
import type { WebhookDeliverPayload, WebhookDeliverResult } from '@pulseboard/shared/contracts';
import { JobHandler, JobRunContext } from './job-handler';
import { validateAgainstSchema } from './json-schema';

/** Delivers an HTTP request; a non-2xx answer or a network error is a failed attempt. */
@Injectable()
export class WebhookDeliverHandler implements JobHandler<WebhookDeliverPayload, WebhookDeliverResult> {
  readonly type = 'webhook.deliver';
  readonly description = 'Sends an HTTP request to url; a non-2xx answer or a network error is retried.';
  readonly payloadSchema = {
    type: 'object',
    additionalProperties: false,
    required: ['url'],
    properties: {
      url: { type: 'string', maxLength: 2000, pattern: '^https?://[^\\s]+$', errorMessage: '{path} must be an http or https URL' },
      method: { type: 'string', enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], default: 'POST' },
      headers: { type: 'object', additionalProperties: { type: 'string', maxLength: 4000 } },
      body: { description: 'Sent as JSON (strings as they are).' },
    },
  };
  readonly example: WebhookDeliverPayload = { url: 'https://example.com/hook', method: 'POST', body: { hello: 'world' } };

  validate(payload: unknown): string[] {
    const errors = validateAgainstSchema(this.payloadSchema, payload);
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
    const headers: Record<string, string> = { ...(hasBody && typeof p.body !== 'string' ? { 'content-type': 'application/json' } : {}), ...p.headers };
    const started = Date.now();
    const res = await fetch(p.url, {
      method,
      headers,
      body: hasBody ? (typeof p.body === 'string' ? p.body : JSON.stringify(p.body)) : undefined,
      signal: AbortSignal.timeout(15_000),
    });
    await res.arrayBuffer().catch(() => undefined);
    const durationMs = Date.now() - started;
    if (res.status < 200 || res.status > 299) throw new Error(`${method} ${p.url} answered HTTP ${res.status}`);
    ctx.progress(100);
    return { status: res.status, durationMs };
  }
}
