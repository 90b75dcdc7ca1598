import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Block, FeedInfo } from '@pulseboard/shared/contracts';
import { BlocksFeedService } from './blocks-feed.service';
import { BlockDto, FeedInfoDto, RecentBlocksQueryDto } from './feeds.dto';

@ApiTags('feeds')
@Controller('feeds')
export class FeedsController {
  constructor(private readonly blocks: BlocksFeedService) {}

  @Get()
  @ApiOkResponse({ type: [FeedInfoDto] })
  async list(): Promise<FeedInfo[]> {
    return [await this.blocks.info()];
  }

  @Get('blocks/recent')
  @ApiOkResponse({ type: [BlockDto], description: 'Newest first' })
  recent(@Query() q: RecentBlocksQueryDto): Promise<Block[]> {
    return this.blocks.recent(q.limit);
  }
}
