import { Routes } from '@angular/router';
import { authGuard, guestGuard, roleGuard } from '@pulseboard/console/data-access';

/**
 * The console's routes: `/login` is public; every other page is behind `authGuard`, inside the layout,
 * and lazy-loaded from its feature library.
 */
export const SHELL_ROUTES: Routes = [
  {
    path: 'login',
    title: 'Sign in · Pulseboard',
    canActivate: [guestGuard],
    loadComponent: () => import('./login/login.page').then((m) => m.LoginPage),
  },
  {
    path: '',
    canActivate: [authGuard],
    canActivateChild: [authGuard],
    loadComponent: () => import('./layout/shell-layout.component').then((m) => m.ShellLayoutComponent),
    children: [
      {
        path: 'counters',
        title: 'Counters · Pulseboard',
        loadChildren: () => import('@pulseboard/console/feature-counters').then((m) => m.COUNTERS_ROUTES),
      },
      {
        path: 'jobs',
        title: 'Jobs · Pulseboard',
        loadChildren: () => import('@pulseboard/console/feature-jobs').then((m) => m.JOBS_ROUTES),
      },
      {
        path: 'events',
        title: 'Events · Pulseboard',
        loadChildren: () => import('@pulseboard/console/feature-events').then((m) => m.EVENTS_ROUTES),
      },
      {
        path: 'queues',
        title: 'Queues · Pulseboard',
        canActivate: [roleGuard('operator')],
        loadChildren: () => import('@pulseboard/console/feature-ops').then((m) => m.QUEUES_ROUTES),
      },
      {
        path: 'audit',
        title: 'Audit · Pulseboard',
        canActivate: [roleGuard('admin')],
        loadChildren: () => import('@pulseboard/console/feature-ops').then((m) => m.AUDIT_ROUTES),
      },
      {
        path: 'users',
        title: 'Users · Pulseboard',
        canActivate: [roleGuard('admin')],
        loadChildren: () => import('@pulseboard/console/feature-ops').then((m) => m.USERS_ROUTES),
      },
      {
        path: 'cluster',
        title: 'Cluster · Pulseboard',
        canActivate: [roleGuard('admin')],
        loadChildren: () => import('@pulseboard/console/feature-ops').then((m) => m.CLUSTER_ROUTES),
      },
      {
        path: '',
        title: 'Dashboard · Pulseboard',
        loadChildren: () => import('@pulseboard/console/feature-dashboard').then((m) => m.DASHBOARD_ROUTES),
      },
    ],
  },
  { path: '**', redirectTo: '' },
];
