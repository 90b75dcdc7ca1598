import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiIdempotencyKey, IdempotentRequests } from '@pulseboard/api/core';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Counter, Page } from '@pulseboard/shared/contracts';
import { CountersService } from './counters.service';
import { CounterAmountDto } from './dto/counter-amount.dto';
import { CounterDto, CounterPageDto } from './dto/counter.dto';
import { CreateCounterDto } from './dto/create-counter.dto';
import { COUNTER_DEFAULT_SORT, COUNTER_SORT_FIELDS, ListCountersQueryDto } from './dto/list-counters-query.dto';

const idempotencyHeader = ApiIdempotencyKey();

@ApiTags('counters')
@Controller('counters')
export class CountersController {
  constructor(
    private readonly counters: CountersService,
    private readonly idempotent: IdempotentRequests,
  ) {}

  @Post()
  @idempotencyHeader
  @ApiCreatedResponse({ type: CounterDto })
  @ApiBadRequestResponse({ description: 'Invalid body, min > max, or initial outside [min, max]' })
  @ApiConflictResponse({ description: 'A counter with that name exists' })
  create(@Body() dto: CreateCounterDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<unknown> {
    return this.idempotent.run(req, res, HttpStatus.CREATED, () => this.counters.create(dto));
  }

  @Get()
  @ApiOperation({ description: `Sort by ${COUNTER_SORT_FIELDS.join(', ')} (prefix - for descending); default ${COUNTER_DEFAULT_SORT}.` })
  @ApiOkResponse({ type: CounterPageDto })
  list(@Query() q: ListCountersQueryDto): Promise<Page<Counter>> {
    return this.counters.list(q);
  }

  @Get(':id')
  @ApiOkResponse({ type: CounterDto })
  @ApiNotFoundResponse()
  get(@Param('id', ParseUUIDPipe) id: string): Promise<Counter> {
    return this.counters.get(id);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @idempotencyHeader
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  remove(@Param('id', ParseUUIDPipe) id: string, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<unknown> {
    return this.idempotent.run(req, res, HttpStatus.NO_CONTENT, () => this.counters.remove(id));
  }

  @Post(':id/increment')
  @HttpCode(HttpStatus.OK)
  @idempotencyHeader
  @ApiOkResponse({ type: CounterDto })
  @ApiConflictResponse({ description: 'The result would leave [min, max]; nothing changed' })
  increment(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CounterAmountDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    return this.idempotent.run(req, res, HttpStatus.OK, () => this.counters.changeBy(id, dto.amount ?? 1));
  }

  @Post(':id/decrement')
  @HttpCode(HttpStatus.OK)
  @idempotencyHeader
  @ApiOkResponse({ type: CounterDto })
  @ApiConflictResponse({ description: 'The result would leave [min, max]; nothing changed' })
  decrement(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CounterAmountDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    return this.idempotent.run(req, res, HttpStatus.OK, () => this.counters.changeBy(id, -(dto.amount ?? 1)));
  }

  @Post(':id/reset')
  @HttpCode(HttpStatus.OK)
  @idempotencyHeader
  @ApiOkResponse({ type: CounterDto, description: 'value = initial, status idle (from any status)' })
  reset(@Param('id', ParseUUIDPipe) id: string, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<unknown> {
    return this.idempotent.run(req, res, HttpStatus.OK, () => this.counters.lifecycle(id, 'reset'));
  }

  @Post(':id/start')
  @HttpCode(HttpStatus.OK)
  @idempotencyHeader
  @ApiOkResponse({ type: CounterDto, description: 'idle / cancelled (restarts at initial) → running' })
  @ApiConflictResponse({ description: 'running, paused or finished' })
  start(@Param('id', ParseUUIDPipe) id: string, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<unknown> {
    return this.idempotent.run(req, res, HttpStatus.OK, () => this.counters.lifecycle(id, 'start'));
  }

  @Post(':id/pause')
  @HttpCode(HttpStatus.OK)
  @idempotencyHeader
  @ApiOkResponse({ type: CounterDto, description: 'running → paused, value frozen' })
  @ApiConflictResponse({ description: 'not running' })
  pause(@Param('id', ParseUUIDPipe) id: string, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<unknown> {
    return this.idempotent.run(req, res, HttpStatus.OK, () => this.counters.lifecycle(id, 'pause'));
  }

  @Post(':id/resume')
  @HttpCode(HttpStatus.OK)
  @idempotencyHeader
  @ApiOkResponse({ type: CounterDto, description: 'paused → running' })
  @ApiConflictResponse({ description: 'not paused' })
  resume(@Param('id', ParseUUIDPipe) id: string, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<unknown> {
    return this.idempotent.run(req, res, HttpStatus.OK, () => this.counters.lifecycle(id, 'resume'));
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @idempotencyHeader
  @ApiOkResponse({ type: CounterDto, description: 'running / paused → cancelled, value back to initial' })
  @ApiConflictResponse({ description: 'not running or paused' })
  cancel(@Param('id', ParseUUIDPipe) id: string, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<unknown> {
    return this.idempotent.run(req, res, HttpStatus.OK, () => this.counters.lifecycle(id, 'cancel'));
  }
}
