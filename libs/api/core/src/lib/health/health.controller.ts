import { Controller, Get, HttpCode, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import Redis from 'ioredis';
import type { CheckState, Health } from '@pulseboard/shared/contracts';
import { Public } from '../auth-metadata/auth-metadata';
import { REDIS } from '../redis/redis.module';
import { withTimeout } from '../util/with-timeout';

const CHECK_TIMEOUT_MS = 1500;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly db: TypeOrmHealthIndicator,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  @Public()
  @Get()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ description: '`ok` when everything is up, `degraded` when Redis is down (jobs unavailable).' })
  @ApiServiceUnavailableResponse({ description: 'The database is down.' })
  async check(@Res({ passthrough: true }) res: FastifyReply): Promise<Health> {
    const [database, redis] = await Promise.all([this.checkDatabase(), this.checkRedis()]);
    if (database === 'down') void res.code(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: database === 'up' && redis === 'up' ? 'ok' : 'degraded', checks: { database, redis } };
  }

  private async checkDatabase(): Promise<CheckState> {
    try {
      // terminus 11 reports a failed ping as status 'down' instead of throwing.
      const result = await this.db.pingCheck('database', { timeout: CHECK_TIMEOUT_MS });
      return result['database']?.status === 'up' ? 'up' : 'down';
    } catch {
      return 'down';
    }
  }

  private async checkRedis(): Promise<CheckState> {
    try {
      return (await withTimeout(this.redis.ping(), CHECK_TIMEOUT_MS)) === 'PONG' ? 'up' : 'down';
    } catch {
      return 'down';
    }
  }
}
