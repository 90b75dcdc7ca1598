import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@pulseboard/api/auth';
import { RealtimeGateway } from './realtime.gateway';
import { RealtimePublisher } from './realtime-publisher';
import { RealtimeReplay } from './realtime-replay';
import { RedisRelayPublisher, RelaySubscriber } from './relay';
import { SocketPublisher } from './socket-publisher';

/**
 * `forApi()`: the socket.io gateway; RealtimePublisher emits to sockets, and worker updates relayed through Redis
 * are emitted too. `forWorker()`: no sockets; RealtimePublisher relays through Redis to the API instances.
 */
@Module({})
export class RealtimeModule {
  static forApi(): DynamicModule {
    return {
      module: RealtimeModule,
      global: true,
      imports: [AuthModule],
      providers: [
        RealtimeGateway,
        RealtimeReplay,
        SocketPublisher,
        RelaySubscriber,
        { provide: RealtimePublisher, useExisting: SocketPublisher },
      ],
      exports: [RealtimePublisher, RealtimeReplay, RelaySubscriber],
    };
  }

  static forWorker(): DynamicModule {
    return {
      module: RealtimeModule,
      global: true,
      providers: [RealtimeReplay, { provide: RealtimePublisher, useClass: RedisRelayPublisher }],
      exports: [RealtimePublisher, RealtimeReplay],
    };
  }
}
