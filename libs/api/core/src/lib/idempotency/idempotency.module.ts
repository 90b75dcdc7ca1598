import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { IdempotencyService } from './idempotency.service';
import { IdempotentRequests } from './idempotent-requests';

/** `Idempotency-Key` for every feature's POST routes (HTTP apps). */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([IdempotencyKeyEntity])],
  providers: [IdempotencyService, IdempotentRequests],
  exports: [IdempotentRequests],
})
export class IdempotencyModule {}
