import { Routes } from '@angular/router';
import { CountersPage } from './counters.page';

export const COUNTERS_ROUTES: Routes = [{ path: '', component: CountersPage }];
