import { Injectable } from '@nestjs/common';
import { InjectConfig, PulseboardConfig } from '@pulseboard/api/core';
import type { ImageFetchPayload, ImageFetchResult } from '@pulseboard/shared/contracts';
import { JobHandler, JobRunContext, NonRetryableJobError } from './job-handler';
import { compilePayloadSchema } from './payload-schema';

interface UnsplashPhoto {
  id: string;
  description?: string | null;
  alt_description?: string | null;
  urls?: { regular?: string; full?: string; thumb?: string; small?: string };
  user?: { name?: string; username?: string };
}

/** A random photo for a query from an Unsplash-compatible API. Runs on its own rate-limited queue. */
@Injectable()
export class ImageFetchHandler implements JobHandler<ImageFetchPayload, ImageFetchResult> {
  readonly type = 'image.fetch';
  readonly description = 'Fetches a random photo matching query from Unsplash (rate limited per hour).';
  readonly payloadSchema = {
    type: 'object',
    additionalProperties: false,
    required: ['query'],
    properties: { query: { type: 'string', minLength: 1, maxLength: 200, description: 'Search terms.' } },
  };
  readonly example: ImageFetchPayload = { query: 'mountains' };
  private readonly check = compilePayloadSchema(this.payloadSchema);

  constructor(@InjectConfig() private readonly cfg: PulseboardConfig) {}

  validate(payload: unknown): string[] {
    return this.check(payload);
  }

  async run(p: ImageFetchPayload, ctx: JobRunContext): Promise<ImageFetchResult> {
    if (!this.cfg.unsplashAccessKey) {
      throw new NonRetryableJobError('UNSPLASH_ACCESS_KEY is not set: image.fetch jobs cannot run');
    }
    const url = `${this.cfg.unsplashApiUrl.replace(/\/$/, '')}/photos/random?query=${encodeURIComponent(p.query)}`;
    ctx.progress(10);
    const res = await fetch(url, {
      headers: { Authorization: `Client-ID ${this.cfg.unsplashAccessKey}`, 'Accept-Version': 'v1' },
      signal: AbortSignal.timeout(15_000),
    });
    if (res.status === 401 || res.status === 403) {
      throw new NonRetryableJobError(`Unsplash refused the access key (HTTP ${res.status})`);
    }
    if (!res.ok) throw new Error(`Unsplash answered HTTP ${res.status}`);
    const body = (await res.json()) as UnsplashPhoto | UnsplashPhoto[];
    const photo = Array.isArray(body) ? body[0] : body;
    if (!photo?.id || !photo.urls) throw new Error('Unsplash answered without a photo');
    ctx.progress(100);
    return {
      id: photo.id,
      url: photo.urls.regular ?? photo.urls.full ?? '',
      thumbUrl: photo.urls.thumb ?? photo.urls.small ?? '',
      author: photo.user?.name ?? photo.user?.username ?? 'unknown',
      description: photo.description ?? photo.alt_description ?? null,
    };
  }
}
