import { DOCUMENT } from '@angular/common';
import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';

/** What the user picked: a fixed scheme, or whatever the operating system prefers. */
export type ThemeMode = 'light' | 'dark' | 'system';
export const THEME_MODES: readonly ThemeMode[] = ['light', 'dark', 'system'];

/** The localStorage key of the user's choice. */
export const THEME_STORAGE_KEY = 'pb-theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

/**
 * Light / dark / system colour scheme of the console. The stylesheet builds the Material theme with
 * `theme-type: color-scheme` (every colour is a `light-dark()` pair), so switching is only `color-scheme` on
 * `<html>`: this service sets `data-theme="light|dark"` there, which the stylesheet maps to `color-scheme`.
 * The choice is remembered in localStorage; "system" follows `prefers-color-scheme`, also when it changes.
 */
@Injectable({ providedIn: 'root' })
export class ThemeService {
  private readonly document = inject(DOCUMENT);
  private readonly storage = storageOf(this.document);
  private readonly media = this.document.defaultView?.matchMedia?.(DARK_QUERY) ?? null;
  private readonly systemDark = signal(this.media?.matches ?? false);

  readonly mode = signal<ThemeMode>(readMode(this.storage));
  /** The scheme on screen now. */
  readonly dark = computed(() => (this.mode() === 'system' ? this.systemDark() : this.mode() === 'dark'));

  constructor() {
    const onChange = (e: MediaQueryListEvent) => {
      this.systemDark.set(e.matches);
      this.apply();
    };
    this.media?.addEventListener?.('change', onChange);
    inject(DestroyRef).onDestroy(() => this.media?.removeEventListener?.('change', onChange));
    this.apply();
  }

  set(mode: ThemeMode): void {
    this.mode.set(mode);
    // On <html> at once, not at the next change detection: charts read the computed colours right after.
    this.apply();
    try {
      if (mode === 'system') this.storage?.removeItem(THEME_STORAGE_KEY);
      else this.storage?.setItem(THEME_STORAGE_KEY, mode);
    } catch {
      // Storage full or blocked (private mode): the choice lasts for this visit only.
    }
  }

  private apply(): void {
    const root = this.document.documentElement;
    root.dataset['theme'] = this.dark() ? 'dark' : 'light';
    root.dataset['themeMode'] = this.mode();
  }
}

function storageOf(document: Document): Storage | null {
  try {
    return document.defaultView?.localStorage ?? null;
  } catch {
    return null;
  }
}

function readMode(storage: Storage | null): ThemeMode {
  let stored: string | null = null;
  try {
    stored = storage?.getItem(THEME_STORAGE_KEY) ?? null;
  } catch {
    stored = null;
  }
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}
