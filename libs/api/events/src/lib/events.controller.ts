import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '@pulseboard/api/auth';
import { type AuthUser, Idempotent } from '@pulseboard/api/core';
import type { CreateEventBatchResponse, EventStats, Page, PulseEvent } from '@pulseboard/shared/contracts';
import { CreateEventBatchDto, CreateEventBatchResponseDto, CreateEventDto } from './dto/create-event.dto';
import { CompleteEventDto, EventDto, EventPageDto, EventStatsDto } from './dto/event.dto';
import { EventListQueryDto } from './dto/event-list-query.dto';
import { EventsService } from './events.service';

@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Post()
  @ApiCreatedResponse({ type: EventDto })
  @Idempotent()
  create(@Body() dto: CreateEventDto): Promise<PulseEvent> {
    return this.events.create(dto);
  }

  @Post('batch')
  @ApiCreatedResponse({ type: CreateEventBatchResponseDto, description: '1..1000 events, stored all or none' })
  @Idempotent()
  async batch(@Body() dto: CreateEventBatchDto): Promise<CreateEventBatchResponse> {
    const created = await this.events.createMany(dto.events);
    return { count: created.length, ids: created.map((e) => e.id) };
  }

  @Get()
  @ApiOperation({
    summary: 'List events (filters, sort, page or cursor)',
    description:
      '`sort`: occurredAt, createdAt or title, `-` prefix for descending, default `-occurredAt`. ' +
      '`cursor`: the `nextCursor` of a previous page with the same sort and filters; the answer has `page: null`. ' +
      'Every page (offset pages too) carries `nextCursor` when there is a next one. Cursor steps cost the same at any depth. ' +
      '`q`: case-insensitive PREFIX match on the title (an index range); not a contains search. ' +
      '`total` is cached per filter for up to 10 s and kept exact for writes made through this API instance.',
  })
  @ApiOkResponse({ type: EventPageDto })
  list(@Query() q: EventListQueryDto): Promise<Page<PulseEvent>> {
    return this.events.list(q);
  }

  @Get('stats')
  @ApiOperation({
    summary: 'Counts by status and severity, and created per minute over the last 60 minutes',
    description:
      'Requests arriving while a computation runs on an instance share it, unless that instance stored a write since it began: ' +
      'every write the instance acknowledged before the request is counted; one acknowledged by another instance meanwhile shows in the next computation.',
  })
  @ApiOkResponse({ type: EventStatsDto })
  stats(): Promise<EventStats> {
    return this.events.stats();
  }

  @Get(':id')
  @ApiOkResponse({ type: EventDto })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<PulseEvent> {
    return this.events.get(id);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiOkResponse({ type: EventDto })
  @ApiConflictResponse({ description: 'Already completed (says by whom and when) or stale expectedVersion (gives the current one)' })
  complete(@Param('id', ParseUUIDPipe) id: string, @Body() dto: CompleteEventDto, @CurrentUser() user: AuthUser): Promise<PulseEvent> {
    return this.events.complete(id, user.username, dto.expectedVersion);
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @ApiOkResponse({ type: EventDto })
  @ApiConflictResponse({ description: 'The event is open' })
  reopen(@Param('id', ParseUUIDPipe) id: string): Promise<PulseEvent> {
    return this.events.reopen(id);
  }
}
