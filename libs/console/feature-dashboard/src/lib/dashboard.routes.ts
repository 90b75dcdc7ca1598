import { Routes } from '@angular/router';
import { provideDashboardCharts } from './chart-setup';
import { DashboardPage } from './dashboard.page';

export const DASHBOARD_ROUTES: Routes = [{ path: '', component: DashboardPage, providers: [provideDashboardCharts()] }];
