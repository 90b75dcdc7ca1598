import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatMenu, MatMenuItem, MatMenuTrigger } from '@angular/material/menu';
import { MatTooltip } from '@angular/material/tooltip';
import { THEME_MODES, ThemeMode, ThemeService } from './theme.service';

const LABELS: Record<ThemeMode, string> = { light: 'Light', dark: 'Dark', system: 'System' };
const ICONS: Record<ThemeMode, string> = { light: 'light_mode', dark: 'dark_mode', system: 'brightness_medium' };

/** The toolbar's colour scheme menu: light, dark, or the system's. */
@Component({
  selector: 'pb-theme-toggle',
  imports: [MatIconButton, MatIcon, MatMenu, MatMenuItem, MatMenuTrigger, MatTooltip],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <button mat-icon-button type="button" [matMenuTriggerFor]="menu" [attr.aria-label]="label()" [matTooltip]="label()">
      <mat-icon [svgIcon]="icons[theme.mode()]" />
    </button>
    <mat-menu #menu="matMenu" aria-label="Colour scheme">
      @for (mode of modes; track mode) {
        <button mat-menu-item type="button" role="menuitemradio" [attr.aria-checked]="theme.mode() === mode" (click)="theme.set(mode)">
          <mat-icon [svgIcon]="icons[mode]" />
          <span>{{ labels[mode] }}</span>
          @if (theme.mode() === mode) {
            <mat-icon svgIcon="check" class="checked" aria-hidden="true" />
          }
        </button>
      }
    </mat-menu>
  `,
  styles: `
    .checked {
      margin: 0 0 0 16px;
    }
  `,
})
export class ThemeToggleComponent {
  readonly theme = inject(ThemeService);
  readonly modes = THEME_MODES;
  readonly labels = LABELS;
  readonly icons = ICONS;
  readonly label = computed(() => `Colour scheme: ${LABELS[this.theme.mode()].toLowerCase()}`);
}
