import { TestBed } from '@angular/core/testing';
import { THEME_STORAGE_KEY, ThemeService } from './theme.service';

/** A controllable `prefers-color-scheme: dark` media query (jsdom has no matchMedia). */
function fakeSystem(dark: boolean) {
  const listeners = new Set<(e: MediaQueryListEvent) => void>();
  const query = {
    matches: dark,
    addEventListener: (_: string, l: (e: MediaQueryListEvent) => void) => listeners.add(l),
    removeEventListener: (_: string, l: (e: MediaQueryListEvent) => void) => listeners.delete(l),
  };
  window.matchMedia = jest.fn(() => query as unknown as MediaQueryList);
  return {
    set(next: boolean) {
      query.matches = next;
      listeners.forEach((l) => l({ matches: next } as MediaQueryListEvent));
    },
    listeners,
  };
}

const root = () => document.documentElement;

describe('ThemeService', () => {
  beforeEach(() => {
    localStorage.clear();
    delete root().dataset['theme'];
    delete root().dataset['themeMode'];
  });

  it('follows the system preference when nothing is stored, also when it changes', () => {
    const system = fakeSystem(true);
    const theme = TestBed.inject(ThemeService);
    expect(theme.mode()).toBe('system');
    expect(theme.dark()).toBe(true);
    expect(root().dataset['theme']).toBe('dark');

    system.set(false);
    expect(theme.dark()).toBe(false);
    expect(root().dataset['theme']).toBe('light');
  });

  it('applies and remembers an explicit choice, which wins over the system', () => {
    const system = fakeSystem(false);
    const theme = TestBed.inject(ThemeService);
    theme.set('dark');
    expect(root().dataset['theme']).toBe('dark');
    expect(root().dataset['themeMode']).toBe('dark');
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('dark');
    system.set(false);
    expect(theme.dark()).toBe(true);
  });

  it('restores the stored choice on the next visit', () => {
    fakeSystem(true);
    localStorage.setItem(THEME_STORAGE_KEY, 'light');
    const theme = TestBed.inject(ThemeService);
    expect(theme.mode()).toBe('light');
    expect(root().dataset['theme']).toBe('light');
  });

  it('forgets the choice when going back to the system, and ignores a malformed stored value', () => {
    fakeSystem(true);
    localStorage.setItem(THEME_STORAGE_KEY, 'purple');
    const theme = TestBed.inject(ThemeService);
    expect(theme.mode()).toBe('system');
    theme.set('light');
    theme.set('system');
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBeNull();
    expect(root().dataset['theme']).toBe('dark');
  });

  it('stops listening to the system when destroyed', () => {
    const system = fakeSystem(false);
    TestBed.inject(ThemeService);
    expect(system.listeners.size).toBe(1);
    TestBed.resetTestingModule();
    expect(system.listeners.size).toBe(0);
  });
});
