import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { ErrorMessage, ManagedUser, UsersApi } from '@pulseboard/console/data-access';
import { ROLES, Role } from '@pulseboard/shared/contracts';

/** `create`: a new user; `password`: a new password for `user`. */
export type UserDialogData = { mode: 'create' } | { mode: 'password'; user: ManagedUser };

/** Passwords are 8..72 bytes (bcrypt's limit). */
export function passwordProblem(password: string): string | null {
  const bytes = new TextEncoder().encode(password).length;
  if (bytes < 8) return 'At least 8 characters';
  if (bytes > 72) return 'At most 72 bytes';
  return null;
}

/** Creates a user or sets a user's password; closes with the user as the API answered. */
@Component({
  selector: 'pb-user-dialog',
  imports: [FormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ data.mode === 'create' ? 'New user' : 'Reset password of ' + data.user.username }}</h2>
    <form (ngSubmit)="save()" id="user-form">
      <mat-dialog-content class="fields">
        @if (data.mode === 'create') {
          <mat-form-field>
            <mat-label>Username</mat-label>
            <input matInput name="username" required autocomplete="off" [ngModel]="username()" (ngModelChange)="username.set($event)" />
          </mat-form-field>
          <mat-form-field>
            <mat-label>Role</mat-label>
            <mat-select name="role" [ngModel]="role()" (ngModelChange)="role.set($event)">
              @for (r of roles; track r) {
                <mat-option [value]="r">{{ r }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
        }
        <mat-form-field>
          <mat-label>{{ data.mode === 'create' ? 'Password' : 'New password' }}</mat-label>
          <input
            matInput
            name="password"
            type="password"
            required
            autocomplete="new-password"
            [ngModel]="password()"
            (ngModelChange)="password.set($event)"
          />
          @if (password() && problem()) {
            <mat-hint class="problem">{{ problem() }}</mat-hint>
          }
        </mat-form-field>
        @if (error(); as e) {
          <p class="error" role="alert">{{ e }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>Cancel</button>
        <button mat-flat-button type="submit" [disabled]="!valid() || saving()">
          {{ data.mode === 'create' ? 'Create' : 'Set password' }}
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .fields {
      display: flex;
      flex-direction: column;
      min-width: 320px;
    }
    .error,
    .problem {
      color: var(--mat-sys-error, #b3261e);
    }
  `,
})
export class UserDialog {
  readonly data = inject<UserDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject(MatDialogRef<UserDialog, ManagedUser>);
  private readonly api = inject(UsersApi);

  readonly roles = ROLES;
  readonly username = signal('');
  readonly role = signal<Role>('viewer');
  readonly password = signal('');
  readonly saving = signal(false);
  readonly error = signal<string | null>(null);
  readonly problem = computed(() => passwordProblem(this.password()));
  readonly valid = computed(() => !this.problem() && (this.data.mode !== 'create' || this.username().trim() !== ''));

  save(): void {
    if (!this.valid() || this.saving()) return;
    this.saving.set(true);
    this.error.set(null);
    const call =
      this.data.mode === 'create'
        ? this.api.create({ username: this.username().trim(), password: this.password(), role: this.role() })
        : this.api.update(this.data.user.id, { password: this.password() });
    call.subscribe({
      next: (user) => this.ref.close(user),
      error: (e: unknown) => {
        this.saving.set(false);
        this.error.set(ErrorMessage.from(e));
      },
    });
  }
}
