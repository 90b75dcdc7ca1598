import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import { CreateUserRequest, Page, Role, User } from '@pulseboard/shared/contracts';

// The account fields and the change request of docs/contract.md's "Accounts" section. Declared here until the contracts
// library carries them (the accounts work adds them there); then these become re-exports.
/** A user as `GET /api/users` lists it. */
export type ManagedUser = User & { disabled?: boolean; createdAt?: string };
/** `PATCH /api/users/:id`: any of the three. */
export interface UpdateUserRequest {
  role?: Role;
  disabled?: boolean;
  password?: string;
}

/** HTTP client of `/api/users` (admin). */
@Injectable({ providedIn: 'root' })
export class UsersApi {
  private readonly http = inject(HttpClient);

  /** Every user (`GET /api/users` answers a list or, on older servers, a page of at most 100). */
  list(): Observable<ManagedUser[]> {
    return this.http
      .get<ManagedUser[] | Page<ManagedUser>>('/api/users', { params: { pageSize: 100 } })
      .pipe(map((body) => (Array.isArray(body) ? body : body.items)));
  }

  create(body: CreateUserRequest): Observable<ManagedUser> {
    return this.http.post<ManagedUser>('/api/users', body);
  }

  update(id: string, body: UpdateUserRequest): Observable<ManagedUser> {
    return this.http.patch<ManagedUser>(`/api/users/${encodeURIComponent(id)}`, body);
  }
}
