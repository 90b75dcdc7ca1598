import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { ClusterView } from '@pulseboard/shared/contracts';
import { RequireRole } from '../auth-metadata/auth-metadata';
import { ClusterHeartbeat } from './cluster-heartbeat';
import { ClusterViewDto } from './cluster.dto';

@ApiTags('cluster')
@RequireRole('admin')
@Controller('cluster')
export class ClusterController {
  constructor(private readonly heartbeat: ClusterHeartbeat) {}

  @Get()
  @ApiOkResponse({
    type: ClusterViewDto,
    description: 'Every API and worker process alive (from heartbeats in Redis) and who holds each lease',
  })
  view(): Promise<ClusterView> {
    return this.heartbeat.view();
  }
}
