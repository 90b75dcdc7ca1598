import { CreateJobs1732400000300 } from './1732400000300-create-jobs';

export const JOBS_MIGRATIONS = [CreateJobs1732400000300];
