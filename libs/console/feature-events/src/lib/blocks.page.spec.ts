import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Subject, of } from 'rxjs';
import { SocketService } from '@pulseboard/console/data-access';
import { provideConsoleIcons } from '@pulseboard/console/ui';
import type { Block } from '@pulseboard/shared/contracts';
import { signal } from '@angular/core';
import { BlocksPage } from './blocks.page';

const block = (n: number): Block => ({
  number: n,
  hash: `0x${n.toString(16).padStart(64, '0')}`,
  parentHash: '0x00',
  timestamp: '2025-01-01T00:00:00.000Z',
  miner: '0x95222290dd7278aa3ddd389cc1e1d165cc4bafe5',
  gasUsed: 15_000_000,
  gasLimit: 30_000_000,
  baseFeePerGas: 12_340_000_000,
  receivedAt: '2025-01-01T00:00:01.000Z',
});

describe('BlocksPage', () => {
  it('shows the replayed blocks newest first, then adds live ones on top with gas and base fee', async () => {
    const live = new Subject<Block>();
    TestBed.configureTestingModule({
      providers: [
        provideConsoleIcons(),
        provideRouter([]),
        {
          provide: SocketService,
          useValue: {
            status: signal('connected'),
            subscribe: () => of({ ok: true, replay: { blocks: [block(11), block(10)] } }),
            on: () => live,
          },
        },
      ],
    });
    const fixture = TestBed.createComponent(BlocksPage);
    await fixture.whenStable();
    const numbers = () =>
      [...fixture.nativeElement.querySelectorAll('[data-testid="block-number"]')].map((e: Element) => e.textContent?.trim());
    expect(numbers()).toEqual(['11', '10']);
    live.next(block(12));
    fixture.detectChanges();
    await fixture.whenStable();
    expect(numbers()).toEqual(['12', '11', '10']);
    const text = fixture.nativeElement.textContent as string;
    expect(text).toContain('12.34 gwei');
    expect(text).toContain('15.0 / 30.0 Mgas (50%)');
  });
});
