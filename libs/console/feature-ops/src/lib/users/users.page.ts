import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Observable } from 'rxjs';
import { AuthService, ErrorMessage, ManagedUser, UsersApi, requestStore } from '@pulseboard/console/data-access';
import { DataColumn, LIST_PAGE } from '@pulseboard/console/ui';
import { ROLES, Role } from '@pulseboard/shared/contracts';
import { BusyKeys } from '../busy-keys';
import { UserDialog, UserDialogData } from './user.dialog';

const COLUMNS: DataColumn<ManagedUser>[] = [
  { id: 'username', header: 'Username' },
  { id: 'role', header: 'Role' },
  { id: 'state', header: 'State' },
  { id: 'createdAt', header: 'Created', time: true, value: (u) => u.createdAt },
  { id: 'actions', header: 'Actions' },
];

/** Accounts (admins): list, create, change role, disable / enable, reset a password. */
@Component({
  selector: 'pb-users-page',
  imports: [MatButtonModule, MatSelectModule, ...LIST_PAGE],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './users.page.html',
  styles: `
    :host {
      display: block;
    }
    .toolbar {
      display: flex;
      justify-content: flex-end;
      margin: 8px 0 12px;
    }
    .role-select {
      width: 130px;
    }
    .state.off {
      color: var(--mat-sys-error, #b3261e);
    }
    .actions {
      white-space: nowrap;
    }
    .actions button {
      min-width: 0;
      margin-right: 4px;
    }
  `,
})
export class UsersPage {
  private readonly api = inject(UsersApi);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly auth = inject(AuthService);

  readonly users = requestStore(() => this.api.list());
  readonly roles = ROLES;
  readonly columns = COLUMNS;
  readonly busy = new BusyKeys();
  readonly me = computed(() => this.auth.user()?.id ?? null);
  readonly id = (u: ManagedUser) => u.id;
  readonly username = (u: ManagedUser) => u.username;
  readonly rowClass = (u: ManagedUser) => (u.disabled ? 'dimmed' : '');

  create(): void {
    this.openDialog({ mode: 'create' }, (u) => {
      this.users.update((list) => [...list, u]);
      return `Created ${u.username} (${u.role})`;
    });
  }

  resetPassword(user: ManagedUser): void {
    this.openDialog({ mode: 'password', user }, (u) => `New password set for ${u.username}`);
  }

  /** `select` is the row's control: when the change is refused it shows the stored role again. */
  setRole(user: ManagedUser, role: Role, select?: { value: unknown }): void {
    if (role === user.role) return;
    this.change(
      user,
      this.api.update(user.id, { role }),
      (u) => `${u.username} is now ${u.role}`,
      () => select && (select.value = user.role),
    );
  }

  toggleDisabled(user: ManagedUser): void {
    const disabled = !user.disabled;
    this.change(user, this.api.update(user.id, { disabled }), (u) => `${u.username} ${disabled ? 'disabled' : 'enabled'}`);
  }

  private openDialog(data: UserDialogData, done: (u: ManagedUser) => string): void {
    this.dialog
      .open(UserDialog, { data, width: '420px' })
      .afterClosed()
      .subscribe((u?: ManagedUser) => u && this.snackBar.open(done(u), 'Dismiss', { duration: 4000 }));
  }

  private change(user: ManagedUser, call: Observable<ManagedUser>, done: (u: ManagedUser) => string, undo?: () => void): void {
    this.busy.set(user.id, true);
    call.subscribe({
      next: (updated) => {
        this.busy.set(user.id, false);
        this.users.update((list) => list.map((u) => (u.id === updated.id ? { ...u, ...updated } : u)));
        this.snackBar.open(done(updated), 'Dismiss', { duration: 4000 });
      },
      error: (e: unknown) => {
        this.busy.set(user.id, false);
        this.snackBar.open(ErrorMessage.from(e), 'Dismiss', { duration: 6000 });
        undo?.();
        this.users.reload();
      },
    });
  }
}
