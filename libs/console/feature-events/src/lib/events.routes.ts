import { Routes } from '@angular/router';
import { BlocksPage } from './blocks.page';
import { EventsPage } from './events.page';

export const EVENTS_ROUTES: Routes = [
  { path: '', component: EventsPage },
  { path: 'blocks', component: BlocksPage, title: 'Blocks' },
];
