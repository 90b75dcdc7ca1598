import { CreateEvents1732400000000 } from './1732400000000-create-events';
import { EventsStatusSeverityIndex1732400000400 } from './1732400000400-events-status-severity-index';
import { CreateBlocks1732400000500 } from './1732400000500-create-blocks';

export const EVENTS_MIGRATIONS = [CreateEvents1732400000000, EventsStatusSeverityIndex1732400000400, CreateBlocks1732400000500];
