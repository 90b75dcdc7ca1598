import { DynamicModule, Global, Module } from '@nestjs/common';
import type { ProcessKind } from '@pulseboard/shared/contracts';
import { ClusterHeartbeat } from './cluster-heartbeat';
import { ClusterLeases } from './cluster-lease';
import { ClusterController } from './cluster.controller';
import { ProcessIdentity, PULSEBOARD_VERSION } from './process-identity';

/** This process's identity, its leases and its heartbeat; `GET /api/cluster` in HTTP processes. */
@Global()
@Module({})
export class ClusterModule {
  static forRoot(kind: ProcessKind, http: boolean): DynamicModule {
    return {
      module: ClusterModule,
      controllers: http ? [ClusterController] : [],
      providers: [{ provide: ProcessIdentity, useValue: new ProcessIdentity(kind, PULSEBOARD_VERSION) }, ClusterLeases, ClusterHeartbeat],
      exports: [ProcessIdentity, ClusterLeases, ClusterHeartbeat],
    };
  }
}
