import { inject } from '@angular/core';
import { registerConsoleIcons } from './icons/console-icons';
import { ThemeService } from './theme/theme.service';

/**
 * What the console needs from this library before its first page: the icons, and the remembered colour scheme
 * (on the login page too). Call in an injection context, e.g. an app initializer after a dynamic import.
 */
export function initConsoleUi(): void {
  registerConsoleIcons();
  inject(ThemeService);
}
