import { Module } from '@nestjs/common';
import { AUTH_MIGRATIONS, AuthModule } from '@pulseboard/api/auth';
import { CoreModule } from '@pulseboard/api/core';
import { RealtimeModule } from '@pulseboard/api/realtime';

@Module({
  imports: [
    CoreModule.forRoot({ migrations: [...AUTH_MIGRATIONS] }),
    AuthModule,
    RealtimeModule.forApi(),
  ],
})
export class AppModule {}
