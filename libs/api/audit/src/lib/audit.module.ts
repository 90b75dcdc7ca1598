import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UserEntity } from '@pulseboard/api/auth';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

/** The audit trail: records every state-changing HTTP request after its answer, and `GET /api/audit` (admin). */
@Module({
  imports: [TypeOrmModule.forFeature([AuditEntryEntity, UserEntity])],
  controllers: [AuditController],
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule {}
