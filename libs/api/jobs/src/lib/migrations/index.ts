import { CreateJobs1732400000300 } from './1732400000300-create-jobs';
import { CreateJobJournal1732400000500 } from './1732400000500-create-job-journal';

export const JOBS_MIGRATIONS = [CreateJobs1732400000300, CreateJobJournal1732400000500];
