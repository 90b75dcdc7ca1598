import { Injectable, Optional, Inject } from '@nestjs/common';
import { createWriteStream, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { InjectConfig, PulseboardConfig } from '@pulseboard/api/core';
import { EVENT_SEVERITIES, EVENT_STATUSES, PULSE_EVENT_FIELDS } from '@pulseboard/shared/contracts';
import { EVENT_SORT_FIELDS } from '@pulseboard/api/events';
import type { EventListQuery, EventsExportPayload, EventsExportResult, PulseEvent } from '@pulseboard/shared/contracts';
import { JobHandler, JobRunContext, NonRetryableJobError } from './job-handler';
import { compilePayloadSchema } from './payload-schema';

/** What the export needs from the events feature (`EventsService` of `@pulseboard/api/events` provides it). */
export interface EventsExportSource {
  count(query: EventListQuery): Promise<number>;
  stream(query: EventListQuery, batchSize?: number): AsyncGenerator<PulseEvent[]>;
}
export const EVENTS_EXPORT_SOURCE = Symbol('EVENTS_EXPORT_SOURCE');

const CSV_COLUMNS = PULSE_EVENT_FIELDS;

/** Cells a spreadsheet would run as a formula (OWASP's CSV injection rule): prefixed with a quote so they stay text. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n\t]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The file an export job writes; GET /api/jobs/:id/download serves it. */
export function exportFilePath(exportDir: string, jobId: string, format: 'csv' | 'ndjson'): string {
  return join(resolve(exportDir), `events-${jobId}.${format}`);
}

/** Streams the events matching a list query into a CSV or NDJSON file under EXPORT_DIR. */
@Injectable()
export class EventsExportHandler implements JobHandler<EventsExportPayload, EventsExportResult> {
  readonly type = 'events.export';
  readonly description = 'Exports the events matching filter (the events list query) to a CSV or NDJSON file.';
  readonly payloadSchema = {
    type: 'object',
    additionalProperties: false,
    required: ['filter', 'format'],
    properties: {
      format: { type: 'string', enum: ['csv', 'ndjson'] },
      filter: {
        type: 'object',
        additionalProperties: false,
        properties: {
          status: { type: 'string', enum: [...EVENT_STATUSES] },
          type: { type: 'string', maxLength: 100 },
          source: { type: 'string', maxLength: 100 },
          severity: { type: 'string', enum: [...EVENT_SEVERITIES] },
          q: { type: 'string', maxLength: 200 },
          from: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}', errorMessage: '{path} must be an ISO-8601 time' },
          to: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}', errorMessage: '{path} must be an ISO-8601 time' },
          sort: { type: 'string', enum: EVENT_SORT_FIELDS.flatMap((f) => [f, `-${f}`]) },
        },
      },
    },
  };
  readonly example: EventsExportPayload = { filter: { severity: 'error' }, format: 'csv' };
  private readonly check = compilePayloadSchema(this.payloadSchema);

  constructor(
    @InjectConfig() private readonly cfg: PulseboardConfig,
    @Optional() @Inject(EVENTS_EXPORT_SOURCE) private readonly events?: EventsExportSource,
  ) {}

  validate(payload: unknown): string[] {
    const errors = this.check(payload);
    const f = (payload as EventsExportPayload | undefined)?.filter;
    for (const k of ['from', 'to'] as const) {
      if (!errors.length && f?.[k] && Number.isNaN(Date.parse(f[k] as string))) errors.push(`payload.filter.${k} must be an ISO-8601 time`);
    }
    return errors;
  }

  async run(p: EventsExportPayload, ctx: JobRunContext): Promise<EventsExportResult> {
    if (!this.events) throw new NonRetryableJobError('events.export is not available: the events feature is not loaded in this process');
    mkdirSync(resolve(this.cfg.exportDir), { recursive: true });
    const path = exportFilePath(this.cfg.exportDir, ctx.jobId, p.format);
    const total = await this.events.count(p.filter);
    // Rewrites the whole file on every attempt, so a retried or stalled export is idempotent.
    const out = createWriteStream(path, { flags: 'w' });
    let bytes = 0;
    let rows = 0;
    const write = async (s: string) => {
      bytes += Buffer.byteLength(s);
      if (!out.write(s)) await once(out, 'drain');
    };
    try {
      if (p.format === 'csv') await write(CSV_COLUMNS.join(',') + '\n');
      for await (const batch of this.events.stream(p.filter, 500)) {
        let chunk = '';
        for (const e of batch) {
          chunk += p.format === 'csv' ? CSV_COLUMNS.map((c) => csvCell(e[c])).join(',') + '\n' : JSON.stringify(e) + '\n';
        }
        rows += batch.length;
        await write(chunk);
        ctx.progress(total > 0 ? Math.min(99, Math.floor((rows * 100) / total)) : 99);
      }
    } finally {
      out.end();
      await once(out, 'close');
    }
    ctx.progress(100);
    ctx.log(`wrote ${rows} events (${bytes} bytes) as ${p.format}`);
    return { downloadUrl: `/api/jobs/${ctx.jobId}/download`, rows, bytes };
  }
}
