import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { AbstractControl, FormBuilder, ReactiveFormsModule, ValidationErrors, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { ErrorMessage } from '@pulseboard/console/data-access';
import { COUNTER_INTERVAL_MAX_MS, COUNTER_INTERVAL_MIN_MS, Counter, CreateCounterRequest } from '@pulseboard/shared/contracts';
import { CountersStore } from './counters.store';

const INT = Validators.pattern(/^-?\d+$/);

/** The kinds the dialog creates (see `counterKind`): the two classic uses of the contract. */
export type NewCounterKind = 'stock' | 'timer';

type FormValue = Record<string, string | number | null>;
const num = (x: string | number | null | undefined) => (x === null || x === undefined || x === '' ? null : Number(x));

/** The fields each kind needs, checked as the API checks them (initial within [min, max]). */
export function counterFormValidator(group: AbstractControl): ValidationErrors | null {
  const v = group.value as FormValue;
  const [initial, min, max] = [num(v['initial']), num(v['min']), num(v['max'])];
  if (v['kind'] === 'stock') {
    if (min !== null && initial !== null && initial < min) return { bounds: 'The stock must start at or above its minimum' };
    return null;
  }
  if (max === null) return { bounds: 'A timer needs a target (max)' };
  if (initial !== null && initial >= max) return { bounds: 'The target must be above the start' };
  return null;
}

/** The request for the chosen kind: a stock has a floor and no ceiling; a timer ticks from initial up to max. */
export function createCounterRequest(v: FormValue & { name: string; kind: NewCounterKind }): CreateCounterRequest {
  const name = v.name.trim();
  if (v.kind === 'stock') return { name, initial: Number(v['initial']), min: num(v['min']) ?? 0, max: null };
  return {
    name,
    initial: Number(v['initial']),
    min: null,
    max: Number(v['max']),
    step: Number(v['step']),
    intervalMs: Number(v['intervalMs']),
  };
}

/** Creates a stock or a timer, with the fields of that kind only. The dialog closes with the created counter. */
@Component({
  selector: 'pb-create-counter-dialog',
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatButtonToggleModule, MatFormFieldModule, MatInputModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './create-counter.dialog.html',
  styles: `
    .kind {
      margin-bottom: 8px;
    }
    .kind-help {
      margin: 0 0 16px;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .grid {
      display: grid;
      grid-template-columns: 1fr 1fr;
      gap: 0 16px;
    }
    .name {
      grid-column: 1 / -1;
    }
    .bounds-error {
      color: var(--mat-sys-error);
      font-size: 12px;
      margin: 0 0 8px;
    }
  `,
})
export class CreateCounterDialog {
  private readonly store = inject(CountersStore);
  private readonly ref = inject(MatDialogRef<CreateCounterDialog, Counter>);
  readonly intervalMin = COUNTER_INTERVAL_MIN_MS;
  readonly intervalMax = COUNTER_INTERVAL_MAX_MS;
  readonly saving = signal(false);
  readonly serverError = signal<string | null>(null);

  readonly form = inject(FormBuilder).nonNullable.group(
    {
      kind: ['timer' as NewCounterKind],
      name: ['', [Validators.required, Validators.maxLength(100), Validators.pattern(/\S/)]],
      initial: ['0', [Validators.required, INT]],
      min: ['0', [INT]],
      max: ['100', [INT]],
      step: ['1', [Validators.required, INT, Validators.pattern(/^0*[1-9]\d*$/)]],
      intervalMs: ['1000', [Validators.required, INT, Validators.min(COUNTER_INTERVAL_MIN_MS), Validators.max(COUNTER_INTERVAL_MAX_MS)]],
    },
    { validators: counterFormValidator },
  );
  readonly kind = signal<NewCounterKind>('timer');

  setKind(kind: NewCounterKind): void {
    this.kind.set(kind);
    this.form.controls.kind.setValue(kind);
    // Each kind starts from its classic values: a stock of 1000, a timer from 0 to 100.
    this.form.patchValue(kind === 'stock' ? { initial: '1000', min: '0' } : { initial: '0', max: '100', step: '1', intervalMs: '1000' });
    const timerOnly = [this.form.controls.max, this.form.controls.step, this.form.controls.intervalMs];
    const stockOnly = [this.form.controls.min];
    for (const c of kind === 'stock' ? timerOnly : stockOnly) c.disable();
    for (const c of kind === 'stock' ? stockOnly : timerOnly) c.enable();
  }

  constructor() {
    this.setKind('timer');
  }

  submit(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.saving()) return;
    const body = createCounterRequest(this.form.getRawValue());
    this.saving.set(true);
    this.serverError.set(null);
    this.store.create(body).subscribe({
      next: (c) => this.ref.close(c),
      error: (e: unknown) => {
        this.saving.set(false);
        this.serverError.set(ErrorMessage.from(e));
      },
    });
  }
}
