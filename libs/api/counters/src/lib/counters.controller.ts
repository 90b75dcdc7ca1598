import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { Idempotent } from '@pulseboard/api/core';
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

@ApiTags('counters')
@Controller('counters')
export class CountersController {
  constructor(private readonly counters: CountersService) {}

  @Post()
  @Idempotent()
  @ApiCreatedResponse({ type: CounterDto })
  @ApiBadRequestResponse({ description: 'Invalid body, min > max, or initial outside [min, max]' })
  @ApiConflictResponse({ description: 'A counter with that name exists' })
  create(@Body() dto: CreateCounterDto): Promise<Counter> {
    return this.counters.create(dto);
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
  @Idempotent()
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.counters.remove(id);
  }

  @Post(':id/increment')
  @HttpCode(HttpStatus.OK)
  @Idempotent()
  @ApiOkResponse({ type: CounterDto })
  @ApiConflictResponse({ description: 'The result would leave [min, max]; nothing changed' })
  increment(@Param('id', ParseUUIDPipe) id: string, @Body() dto: CounterAmountDto): Promise<Counter> {
    return this.counters.changeBy(id, dto.amount ?? 1);
  }

  @Post(':id/decrement')
  @HttpCode(HttpStatus.OK)
  @Idempotent()
  @ApiOkResponse({ type: CounterDto })
  @ApiConflictResponse({ description: 'The result would leave [min, max]; nothing changed' })
  decrement(@Param('id', ParseUUIDPipe) id: string, @Body() dto: CounterAmountDto): Promise<Counter> {
    return this.counters.changeBy(id, -(dto.amount ?? 1));
  }

  @Post(':id/reset')
  @HttpCode(HttpStatus.OK)
  @Idempotent()
  @ApiOkResponse({ type: CounterDto, description: 'value = initial, status idle (from any status)' })
  reset(@Param('id', ParseUUIDPipe) id: string): Promise<Counter> {
    return this.counters.lifecycle(id, 'reset');
  }

  @Post(':id/start')
  @HttpCode(HttpStatus.OK)
  @Idempotent()
  @ApiOkResponse({ type: CounterDto, description: 'idle / cancelled (restarts at initial) → running' })
  @ApiConflictResponse({ description: 'running, paused or finished' })
  start(@Param('id', ParseUUIDPipe) id: string): Promise<Counter> {
    return this.counters.lifecycle(id, 'start');
  }

  @Post(':id/pause')
  @HttpCode(HttpStatus.OK)
  @Idempotent()
  @ApiOkResponse({ type: CounterDto, description: 'running → paused, value frozen' })
  @ApiConflictResponse({ description: 'not running' })
  pause(@Param('id', ParseUUIDPipe) id: string): Promise<Counter> {
    return this.counters.lifecycle(id, 'pause');
  }

  @Post(':id/resume')
  @HttpCode(HttpStatus.OK)
  @Idempotent()
  @ApiOkResponse({ type: CounterDto, description: 'paused → running' })
  @ApiConflictResponse({ description: 'not paused' })
  resume(@Param('id', ParseUUIDPipe) id: string): Promise<Counter> {
    return this.counters.lifecycle(id, 'resume');
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @Idempotent()
  @ApiOkResponse({ type: CounterDto, description: 'running / paused → cancelled, value back to initial' })
  @ApiConflictResponse({ description: 'not running or paused' })
  cancel(@Param('id', ParseUUIDPipe) id: string): Promise<Counter> {
    return this.counters.lifecycle(id, 'cancel');
  }
}
