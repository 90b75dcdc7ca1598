import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { ErrorMessage } from '@pulseboard/console/data-access';
import { CreateJobRequest, Job } from '@pulseboard/shared/contracts';
import { JobsStore } from './jobs.store';
import { pretty } from './job-view';

/** The payload text as JSON, or the parse error to show under the editor. */
export function parsePayload(text: string): { value?: Record<string, unknown>; error?: string } {
  if (!text.trim()) return { error: 'Enter the payload as a JSON object' };
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'The payload must be a JSON object' };
    return { value: value as Record<string, unknown> };
  } catch (e) {
    return { error: `Invalid JSON: ${(e as Error).message}` };
  }
}

/** Creates a job from the types the API offers; the editor starts with the type's example. Closes with the job. */
@Component({
  selector: 'pb-create-job-dialog',
  imports: [FormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './create-job.dialog.html',
  styles: `
    .grid {
      display: grid;
      grid-template-columns: 1fr 1fr;
      gap: 0 16px;
    }
    .wide {
      grid-column: 1 / -1;
    }
    textarea.payload {
      font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
      font-size: 13px;
    }
    .description {
      margin: -8px 0 12px;
      font-size: 13px;
      color: var(--mat-sys-on-surface-variant);
    }
    .errors {
      color: var(--mat-sys-error);
      font-size: 13px;
      margin: 0 0 8px;
      padding-left: 18px;
    }
  `,
})
export class CreateJobDialog {
  private readonly store = inject(JobsStore);
  private readonly ref = inject(MatDialogRef<CreateJobDialog, Job>);

  readonly types = computed(() => this.store.types.data() ?? []);
  readonly type = signal('');
  readonly payloadText = signal('');
  readonly maxAttempts = signal(3);
  readonly delayMs = signal<number | null>(null);
  readonly touched = signal(false);
  readonly saving = signal(false);
  readonly serverErrors = signal<string[]>([]);

  readonly description = computed(() => this.types().find((t) => t.type === this.type())?.description ?? '');
  readonly parsed = computed(() => parsePayload(this.payloadText()));

  constructor() {
    // Pick the first type once the types arrive.
    effect(() => {
      const first = this.types()[0];
      if (first && !this.type()) this.selectType(first.type);
    });
  }

  selectType(type: string): void {
    this.type.set(type);
    const example = this.types().find((t) => t.type === type)?.example ?? {};
    this.payloadText.set(pretty(example));
    this.serverErrors.set([]);
  }

  submit(): void {
    this.touched.set(true);
    const { value } = this.parsed();
    if (!value || !this.type() || this.saving()) return;
    const body: CreateJobRequest = { type: this.type(), payload: value, maxAttempts: Number(this.maxAttempts()) };
    const delay = this.delayMs();
    if (delay !== null && String(delay) !== '') body.delayMs = Number(delay);
    this.saving.set(true);
    this.serverErrors.set([]);
    this.store.create(body).subscribe({
      next: (job) => this.ref.close(job),
      error: (e: unknown) => {
        this.saving.set(false);
        const message = ErrorMessage.body(e)?.message;
        this.serverErrors.set(Array.isArray(message) ? message : [ErrorMessage.from(e)]);
      },
    });
  }
}
