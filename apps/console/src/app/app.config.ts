import { provideHttpClient, withFetch, withInterceptors } from '@angular/common/http';
import {
  ApplicationConfig,
  EnvironmentInjector,
  inject,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
  runInInjectionContext,
} from '@angular/core';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { authInterceptor } from '@pulseboard/console/data-access';
import { appRoutes } from './app.routes';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideRouter(appRoutes, withComponentInputBinding()),
    provideHttpClient(withFetch(), withInterceptors([authInterceptor])),
    // The icons and the remembered colour scheme, before the first page. Imported dynamically: a static import
    // would put the whole ui library (tables, menus) in the initial bundle; every page loads it anyway.
    provideAppInitializer(async () => {
      const injector = inject(EnvironmentInjector);
      const { initConsoleUi } = await import('@pulseboard/console/ui');
      runInInjectionContext(injector, initConsoleUi);
    }),
  ],
};
