import { TestBed } from '@angular/core/testing';
import { MatIconRegistry } from '@angular/material/icon';
import { firstValueFrom } from 'rxjs';
import { CONSOLE_ICONS, provideConsoleIcons } from './console-icons';

describe('provideConsoleIcons', () => {
  it('registers every console icon and the logo as inline SVG', async () => {
    TestBed.configureTestingModule({ providers: [provideConsoleIcons()] });
    const registry = TestBed.inject(MatIconRegistry);
    for (const name of [...Object.keys(CONSOLE_ICONS), 'pulse']) {
      const svg = await firstValueFrom(registry.getNamedSvgIcon(name));
      expect(svg.tagName.toLowerCase()).toBe('svg');
    }
  });
});
