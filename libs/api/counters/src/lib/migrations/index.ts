import { CreateCounters1732400000200 } from './1732400000200-create-counters';

export const COUNTERS_MIGRATIONS = [CreateCounters1732400000200];
