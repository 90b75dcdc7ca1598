import { Routes } from '@angular/router';
import { JobsPage } from './jobs.page';

export const JOBS_ROUTES: Routes = [{ path: '', component: JobsPage }];
