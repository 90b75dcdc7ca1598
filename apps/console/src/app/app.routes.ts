import { Routes } from '@angular/router';
import { SHELL_ROUTES } from '@pulseboard/console/feature-shell';

/** The shell owns the route tree: `/login`, and the layout whose pages lazy-load each feature library. */
export const appRoutes: Routes = SHELL_ROUTES;
