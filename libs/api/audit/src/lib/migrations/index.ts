import { CreateAuditEntries1732500000000 } from './1732500000000-create-audit-entries';

export const AUDIT_MIGRATIONS = [CreateAuditEntries1732500000000];
