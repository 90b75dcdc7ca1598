import { ApiProperty } from '@nestjs/swagger';
import { CLUSTER_LEASES, ClusterLeaseInfo, ClusterLeaseName, ClusterProcess, ClusterView, ProcessKind } from '@pulseboard/shared/contracts';

export class ClusterProcessDto implements ClusterProcess {
  /** Random per process start. */
  id: string;
  @ApiProperty({ enum: ['api', 'worker'] })
  kind: ProcessKind;
  host: string;
  pid: number;
  version: string;
  startedAt: string;
  /** Its last heartbeat (every 2 s; gone from the list 10 s after the last). */
  lastSeenAt: string;
  @ApiProperty({ enum: CLUSTER_LEASES, isArray: true, description: 'Leases this process holds now' })
  holds: ClusterLeaseName[];
  /** Jobs it runs at once per run queue; 0 when it runs no processors. */
  queueConcurrency: number;
}

export class ClusterLeaseInfoDto implements ClusterLeaseInfo {
  @ApiProperty({ enum: CLUSTER_LEASES })
  name: ClusterLeaseName;
  /** Process id of the holder; null between a holder's death and the takeover. */
  holder: string | null;
  /** Fencing token of the holding (grows with every new holder). */
  token: number | null;
}

export class ClusterViewDto implements ClusterView {
  @ApiProperty({
    enum: ['redis', 'single'],
    description: '`redis`: leases shared through Redis by several API processes; `single`: one API process holds them all',
  })
  mode: 'redis' | 'single';
  @ApiProperty({ type: [ClusterProcessDto] })
  instances: ClusterProcessDto[];
  @ApiProperty({ type: [ClusterLeaseInfoDto] })
  leases: ClusterLeaseInfoDto[];
  at: string;
}
