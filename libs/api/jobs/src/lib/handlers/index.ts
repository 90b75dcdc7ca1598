import { DemoSimulateHandler } from './demo-simulate.handler';
import { EventsExportHandler } from './events-export.handler';
import { ImageFetchHandler } from './image-fetch.handler';
import { WebhookDeliverHandler } from './webhook-deliver.handler';

/** Every job type. Adding a type = one handler file + one entry here. */
export const JOB_HANDLER_CLASSES = [DemoSimulateHandler, ImageFetchHandler, WebhookDeliverHandler, EventsExportHandler];

export * from './job-handler';
export * from './job-handler.registry';
export * from './events-export.handler';
