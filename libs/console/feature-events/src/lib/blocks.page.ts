import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { SocketService } from '@pulseboard/console/data-access';
import { DataColumn, LIST_PAGE } from '@pulseboard/console/ui';
import { Block, BLOCKS_RECENT_MAX } from '@pulseboard/shared/contracts';

const SHOWN = 20;

/** The newest blocks of the `blocks` feed: the subscribe ack's replay, then live `block.received` pushes. */
@Component({
  selector: 'pb-blocks-page',
  imports: [MatButtonModule, RouterLink, ...LIST_PAGE],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <pb-page-header title="Blocks" subtitle="New chain heads, one upstream subscription shared by every viewer." />
    <nav class="tabs">
      <a mat-button routerLink="..">Events</a>
      <a mat-button class="active" routerLink="." aria-current="page">Blocks</a>
    </nav>
    @if (blocks().length === 0) {
      <pb-empty-state icon="inbox" title="Waiting for blocks" message="The first block appears as soon as the feed delivers it." />
    } @else {
      <pb-data-table label="Blocks" [columns]="columns" [rows]="blocks()" [paged]="false" [rowId]="hash" [rowLabel]="label">
        <ng-template pbCell="number" [pbCellOf]="blocks()" let-b
          ><span data-testid="block-number">{{ b.number }}</span></ng-template
        >
        <ng-template pbCell="hash" [pbCellOf]="blocks()" let-b
          ><span class="mono" [title]="b.hash">{{ short(b.hash) }}</span></ng-template
        >
        <ng-template pbCell="miner" [pbCellOf]="blocks()" let-b
          ><span class="mono" [title]="b.miner">{{ short(b.miner) }}</span></ng-template
        >
        <ng-template pbCell="gas" [pbCellOf]="blocks()" let-b>
          <div
            class="gas"
            role="meter"
            [attr.aria-valuenow]="pct(b)"
            aria-valuemin="0"
            aria-valuemax="100"
            [attr.aria-label]="'Gas used ' + pct(b) + '%'"
          >
            <div class="fill" [style.width.%]="pct(b)"></div>
          </div>
          <span class="num small">{{ mgas(b.gasUsed) }} / {{ mgas(b.gasLimit) }} Mgas ({{ pct(b) }}%)</span>
        </ng-template>
      </pb-data-table>
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .tabs {
      display: flex;
      gap: 4px;
      align-items: center;
      margin-bottom: 12px;
    }
    .tabs .active {
      font-weight: 600;
    }
    .mono {
      font-family: ui-monospace, monospace;
    }
    .num {
      font-variant-numeric: tabular-nums;
      white-space: nowrap;
    }
    .small {
      font-size: 12px;
      color: var(--mat-sys-on-surface-variant);
    }
    .gas {
      width: 140px;
      height: 8px;
      background: var(--mat-sys-surface-container-highest);
      border-radius: 4px;
      overflow: hidden;
    }
    .fill {
      height: 100%;
      background: var(--pb-tone-info);
    }
  `,
})
export class BlocksPage {
  private readonly socket = inject(SocketService);
  readonly blocks = signal<Block[]>([]);
  readonly columns: DataColumn<Block>[] = [
    { id: 'number', header: 'Number', cellClass: 'num' },
    { id: 'hash', header: 'Hash' },
    { id: 'time', header: 'Time', cellClass: 'num', time: true, value: (b) => b.timestamp },
    { id: 'miner', header: 'Miner' },
    { id: 'gas', header: 'Gas used / limit' },
    { id: 'baseFee', header: 'Base fee', cellClass: 'num', value: (b) => this.gwei(b.baseFeePerGas) },
  ];
  readonly hash = (b: Block) => b.hash;
  readonly label = (b: Block) => `Block ${b.number}`;

  constructor() {
    const destroyed = inject(DestroyRef);
    // Each (re)subscribe acknowledges with the newest 5 blocks, newest first: merge them with what is shown.
    this.socket
      .subscribe(['blocks'])
      .pipe(takeUntilDestroyed(destroyed))
      .subscribe((ack) => this.add(...((ack.replay['blocks'] ?? []) as Block[])));
    this.socket
      .on('block.received')
      .pipe(takeUntilDestroyed(destroyed))
      .subscribe((b) => this.add(b));
  }

  private add(...incoming: Block[]): void {
    this.blocks.update((shown) => {
      const byHash = new Map([...shown, ...incoming].map((b) => [b.hash, b]));
      return [...byHash.values()].sort((a, b) => b.number - a.number).slice(0, Math.min(SHOWN, BLOCKS_RECENT_MAX));
    });
  }

  short(hex: string): string {
    return hex.length > 14 ? `${hex.slice(0, 8)}…${hex.slice(-6)}` : hex;
  }

  pct(b: Block): number {
    return b.gasLimit ? Math.round((b.gasUsed / b.gasLimit) * 100) : 0;
  }

  mgas(n: number): string {
    return (n / 1e6).toFixed(1);
  }

  gwei(wei: number | null): string {
    return wei === null ? 'n/a' : `${(wei / 1e9).toFixed(2)} gwei`;
  }
}
