import { CreateEvents1732400000000 } from './1732400000000-create-events';

export const EVENTS_MIGRATIONS = [CreateEvents1732400000000];
