import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { AbstractControl, FormBuilder, ReactiveFormsModule, ValidationErrors, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { ErrorMessage } from '@pulseboard/console/data-access';
import { COUNTER_INTERVAL_MAX_MS, COUNTER_INTERVAL_MIN_MS, Counter, CreateCounterRequest } from '@pulseboard/shared/contracts';
import { COUNTER_PRESETS, CounterPreset } from './counter-view';
import { CountersStore } from './counters.store';

const INT = Validators.pattern(/^-?\d+$/);

/** min <= max and initial within [min, max], as the API checks them. */
export function boundsValidator(group: AbstractControl): ValidationErrors | null {
  const v = group.value as Record<string, string | number | null>;
  const num = (x: string | number | null) => (x === null || x === '' ? null : Number(x));
  const [initial, min, max] = [num(v['initial']), num(v['min']), num(v['max'])];
  if (min !== null && max !== null && min > max) return { bounds: 'Min must not be greater than max' };
  if (initial !== null && ((min !== null && initial < min) || (max !== null && initial > max))) {
    return { bounds: 'Initial must be within [min, max]' };
  }
  return null;
}

/** Creates a counter; presets fill the two classic uses. The dialog closes with the created counter. */
@Component({
  selector: 'pb-create-counter-dialog',
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './create-counter.dialog.html',
  styles: `
    .presets { display: flex; gap: 8px; margin-bottom: 12px; }
    .grid { display: grid; grid-template-columns: 1fr 1fr; gap: 0 16px; }
    .name { grid-column: 1 / -1; }
    .bounds-error { color: var(--mat-sys-error, #b3261e); font-size: 12px; margin: 0 0 8px; }
  `,
})
export class CreateCounterDialog {
  private readonly store = inject(CountersStore);
  private readonly ref = inject(MatDialogRef<CreateCounterDialog, Counter>);
  readonly presets = COUNTER_PRESETS;
  readonly intervalMin = COUNTER_INTERVAL_MIN_MS;
  readonly intervalMax = COUNTER_INTERVAL_MAX_MS;
  readonly saving = signal(false);
  readonly serverError = signal<string | null>(null);

  readonly form = inject(FormBuilder).nonNullable.group(
    {
      name: ['', [Validators.required, Validators.maxLength(100), Validators.pattern(/\S/)]],
      initial: ['0', [Validators.required, INT]],
      min: ['', [INT]],
      max: ['', [INT]],
      step: ['1', [Validators.required, INT, Validators.pattern(/^-?0*[1-9]\d*$/)]],
      intervalMs: ['1000', [Validators.required, INT, Validators.min(COUNTER_INTERVAL_MIN_MS), Validators.max(COUNTER_INTERVAL_MAX_MS)]],
    },
    { validators: boundsValidator },
  );

  applyPreset(p: CounterPreset): void {
    const s = (x: number | null) => (x === null ? '' : String(x));
    this.form.patchValue({
      initial: s(p.value.initial),
      min: s(p.value.min),
      max: s(p.value.max),
      step: s(p.value.step),
      intervalMs: s(p.value.intervalMs),
    });
    if (!this.form.controls.name.value) this.form.controls.name.setValue(p.label === 'Timer 0→100' ? 'timer' : 'stock');
  }

  submit(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.saving()) return;
    const v = this.form.getRawValue();
    const opt = (x: string) => (x === '' ? null : Number(x));
    const body: CreateCounterRequest = {
      name: v.name.trim(),
      initial: Number(v.initial),
      min: opt(v.min),
      max: opt(v.max),
      step: Number(v.step),
      intervalMs: Number(v.intervalMs),
    };
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
