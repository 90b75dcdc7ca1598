import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Block, BLOCKS_RECENT_MAX, FeedInfo, FeedMode, FeedStatus } from '@pulseboard/shared/contracts';

export class RecentBlocksQueryDto {
  /** 1..100, default 5. */
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: BLOCKS_RECENT_MAX, default: 5 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(BLOCKS_RECENT_MAX)
  limit = 5;
}

export class FeedInfoDto implements FeedInfo {
  name: string;
  mode: FeedMode;
  status: FeedStatus;
  lastItemAt: string | null;
}

export class BlockDto implements Block {
  number: number;
  hash: string;
  parentHash: string;
  timestamp: string;
  miner: string;
  gasUsed: number;
  gasLimit: number;
  /** Wei; null before London. */
  baseFeePerGas: number | null;
  receivedAt: string;
}
