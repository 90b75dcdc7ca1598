import {
  BeforeApplicationShutdown,
  Body,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { open } from 'node:fs/promises';
import { Idempotent, InjectConfig, PulseboardConfig } from '@pulseboard/api/core';
import {
  EventsExportPayload,
  Job,
  JobDetail,
  JOB_TERMINAL_STATUSES,
  JobStats,
  Page,
  RetryFailedResponse,
} from '@pulseboard/shared/contracts';
import { CreateJobDto } from './dto/create-job.dto';
import { JobListQueryDto } from './dto/job-list-query.dto';
import { JobDetailDto, JobDto, JobPageDto, JobStatsDto, JobTypeInfoDto } from './dto/job.dto';
import { exportFilePath } from './handlers/events-export.handler';
import { JobsService } from './jobs.service';
import { JobStatsService } from './job-stats.service';
import { JobJournal } from './journal/job-journal.service';
import { RetryFailedDto, RetryFailedResponseDto } from './queues/queue.dto';

const SSE_KEEPALIVE_MS = 15_000;

@ApiTags('jobs')
@Controller('jobs')
export class JobsController implements BeforeApplicationShutdown {
  /** The open event streams, ended (after a `shutdown` event) when the server stops. */
  private readonly streams = new Set<() => void>();

  constructor(
    private readonly jobs: JobsService,
    private readonly jobStats: JobStatsService,
    private readonly journal: JobJournal,
    @InjectConfig() private readonly cfg: PulseboardConfig,
  ) {}

  /** Stores the job as `pending` and queues it. 503 (nothing stored) when Redis is unreachable. */
  @Post()
  @HttpCode(202)
  @ApiAcceptedResponse({ type: JobDto })
  @Idempotent()
  create(@Body() dto: CreateJobDto): Promise<Job> {
    return this.jobs.create(dto);
  }

  /** Newest first; filter by `status` and `type`, search the payload and the error text with `q`. */
  @Get()
  @ApiOkResponse({ type: JobPageDto })
  list(@Query() query: JobListQueryDto): Promise<Page<Job>> {
    return this.jobs.list(query);
  }

  /** Counts by status and completions per minute over the last 60 minutes (oldest first). */
  @Get('stats')
  @ApiOkResponse({ type: JobStatsDto })
  stats(): Promise<JobStats> {
    return this.jobStats.stats();
  }

  /** The job types with their payload JSON Schema (and an example payload). */
  @Get('types')
  @ApiOkResponse({ type: JobTypeInfoDto, isArray: true })
  types() {
    return this.jobs.types();
  }

  /** Every failed job (of `type`, when given) back to `pending`, as `POST /api/jobs/:id/retry` does for one. */
  @Post('retry-failed')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: RetryFailedResponseDto })
  async retryFailed(@Body() dto: RetryFailedDto): Promise<RetryFailedResponse> {
    return { retried: await this.jobs.retryFailed(dto.type) };
  }

  @Get(':id')
  @ApiOkResponse({ type: JobDetailDto })
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<JobDetail> {
    const job = await this.jobs.get(id);
    return { ...job, ...(await this.journal.history(id)) };
  }

  /** Server-Sent Events: a `job` event with the current state, one per change, closed after a terminal status. */
  @Get(':id/stream')
  @ApiProduces('text/event-stream')
  async stream(@Param('id', ParseUUIDPipe) id: string, @Res() reply: FastifyReply): Promise<void> {
    await this.jobs.findOrThrow(id);
    // The stream is written to the raw response from here on; headers set so far (request id) go with it.
    reply.hijack();
    const res = reply.raw;
    for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) res.setHeader(name, value);
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    let lastKey = '';
    let closed = false;
    let ready = false;
    const early: Job[] = [];
    const finish = () => {
      if (closed) return;
      closed = true;
      this.streams.delete(shutdown);
      sub.unsubscribe();
      clearInterval(keepalive);
      res.end();
    };
    const shutdown = () => {
      if (!closed) res.write(`event: shutdown\ndata: ${JSON.stringify({ reason: 'server restarting' })}\n\n`);
      finish();
    };
    this.streams.add(shutdown);
    const deliver = (job: Job) => {
      if (closed) return;
      const key = `${job.updatedAt}|${job.status}|${job.progress}`;
      if (key === lastKey || (lastKey && job.updatedAt < lastKey.split('|')[0])) return;
      lastKey = key;
      res.write(`event: job\ndata: ${JSON.stringify(job)}\n\n`);
      if (JOB_TERMINAL_STATUSES.includes(job.status)) finish();
    };
    // Subscribe before reading, so no change between the read and the subscription is lost.
    const sub = this.jobs.changes$.subscribe((job) => {
      if (job.id !== id) return;
      if (ready) deliver(job);
      else early.push(job);
    });
    const keepalive = setInterval(() => res.write(': keepalive\n\n'), SSE_KEEPALIVE_MS);
    res.on('close', finish);
    const current = await this.jobs.get(id).catch(() => null);
    if (!current) return finish();
    deliver(current);
    ready = true;
    for (const j of early) deliver(j);
  }

  /** Shutdown: every open stream gets a `shutdown` event and ends (a client reconnects to another instance or later). */
  beforeApplicationShutdown(): void {
    for (const end of [...this.streams]) end();
  }

  /** The file an `events.export` job wrote. */
  @Get(':id/download')
  async download(@Param('id', ParseUUIDPipe) id: string, @Res() reply: FastifyReply): Promise<void> {
    const row = await this.jobs.findOrThrow(id);
    if (row.type !== 'events.export' || row.status !== 'completed') {
      throw new NotFoundException(`Job '${id}' has no file to download (only completed events.export jobs do)`);
    }
    const format = (row.payload as EventsExportPayload).format;
    const path = exportFilePath(this.cfg.exportDir, id, format);
    const gone = () => new NotFoundException(`The export file of job '${id}' no longer exists`);
    // Open first, then stat the open file: a file deleted between a check and the read cannot crash the process.
    const file = await open(path, 'r').catch(() => null);
    if (!file) throw gone();
    try {
      const { size } = await file.stat();
      // The stream closes the handle when it is done either way (finished, client gone, read error).
      const stream = file.createReadStream({ autoClose: true });
      void reply
        .code(200)
        .headers({
          'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
          'Content-Length': String(size),
          'Content-Disposition': `attachment; filename="events-${id}.${format}"`,
        })
        .send(stream);
    } catch {
      await file.close();
      throw gone();
    }
  }

  /** `failed`/`cancelled` -> `pending` with attempts reset, queued again. */
  @Post(':id/retry')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: JobDto })
  retry(@Param('id', ParseUUIDPipe) id: string): Promise<Job> {
    return this.jobs.retry(id);
  }

  /** `pending`/`retrying` -> `cancelled`, removed from the queue. */
  @Post(':id/cancel')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: JobDto })
  cancel(@Param('id', ParseUUIDPipe) id: string): Promise<Job> {
    return this.jobs.cancel(id);
  }
}
