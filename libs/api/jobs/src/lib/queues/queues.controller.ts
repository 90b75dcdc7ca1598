import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { CleanQueueResponse, QueueInfo } from '@pulseboard/shared/contracts';
import { CleanQueueDto, CleanQueueResponseDto, QueueInfoDto } from './queue.dto';
import { QueuesService } from './queues.service';

/** Roles: the defaults (viewer reads, operator changes). */
@ApiTags('queues')
@Controller('queues')
export class QueuesController {
  constructor(private readonly queues: QueuesService) {}

  /** Every queue of the jobs pipeline with its counts by state. */
  @Get()
  @ApiOkResponse({ type: QueueInfoDto, isArray: true })
  list(): Promise<QueueInfo[]> {
    return this.queues.list();
  }

  /** Pauses the queue for every worker: new jobs stay `pending` until it is resumed. */
  @Post(':name/pause')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'Unknown queue' })
  pause(@Param('name') name: string): Promise<void> {
    return this.queues.pause(name);
  }

  @Post(':name/resume')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'Unknown queue' })
  resume(@Param('name') name: string): Promise<void> {
    return this.queues.resume(name);
  }

  /** Removes the queue's completed or failed entries older than `olderThanMs` (the jobs themselves stay). */
  @Post(':name/clean')
  @HttpCode(200)
  @ApiOkResponse({ type: CleanQueueResponseDto })
  @ApiNotFoundResponse({ description: 'Unknown queue' })
  async clean(@Param('name') name: string, @Body() dto: CleanQueueDto): Promise<CleanQueueResponse> {
    return { removed: await this.queues.clean(name, dto) };
  }
}
