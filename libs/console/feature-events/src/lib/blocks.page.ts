import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { SocketService } from '@pulseboard/console/data-access';
import { EmptyStateComponent, PageHeaderComponent, TimeComponent } from '@pulseboard/console/ui';
import { Block, BLOCKS_RECENT_MAX } from '@pulseboard/shared/contracts';

const SHOWN = 20;

/** The newest blocks of the `blocks` feed: the subscribe ack's replay, then live `block.received` pushes. */
@Component({
  selector: 'pb-blocks-page',
  imports: [MatTableModule, MatButtonModule, RouterLink, PageHeaderComponent, EmptyStateComponent, TimeComponent],
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
      <div class="pb-table-scroll">
        <table mat-table [dataSource]="blocks()" [trackBy]="trackByHash" class="blocks">
          <ng-container matColumnDef="number">
            <th mat-header-cell *matHeaderCellDef>Number</th>
            <td mat-cell *matCellDef="let b" class="num" data-testid="block-number">{{ b.number }}</td>
          </ng-container>
          <ng-container matColumnDef="hash">
            <th mat-header-cell *matHeaderCellDef>Hash</th>
            <td mat-cell *matCellDef="let b" class="mono" [title]="b.hash">{{ short(b.hash) }}</td>
          </ng-container>
          <ng-container matColumnDef="time">
            <th mat-header-cell *matHeaderCellDef>Time</th>
            <td mat-cell *matCellDef="let b" class="num"><pb-time [value]="b.timestamp" /></td>
          </ng-container>
          <ng-container matColumnDef="miner">
            <th mat-header-cell *matHeaderCellDef>Miner</th>
            <td mat-cell *matCellDef="let b" class="mono" [title]="b.miner">{{ short(b.miner) }}</td>
          </ng-container>
          <ng-container matColumnDef="gas">
            <th mat-header-cell *matHeaderCellDef>Gas used / limit</th>
            <td mat-cell *matCellDef="let b">
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
            </td>
          </ng-container>
          <ng-container matColumnDef="baseFee">
            <th mat-header-cell *matHeaderCellDef>Base fee</th>
            <td mat-cell *matCellDef="let b" class="num">{{ gwei(b.baseFeePerGas) }}</td>
          </ng-container>
          <tr mat-header-row *matHeaderRowDef="columns"></tr>
          <tr mat-row *matRowDef="let row; columns: columns" data-testid="block-row"></tr>
        </table>
      </div>
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
    table.blocks {
      width: 100%;
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
  readonly columns = ['number', 'hash', 'time', 'miner', 'gas', 'baseFee'];
  readonly trackByHash = (_: number, b: Block) => b.hash;

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
