export const ROLES = ['viewer', 'operator', 'admin'] as const;
/** Each role includes the ones before it in ROLES: admin > operator > viewer. */
export type Role = (typeof ROLES)[number];

export interface User {
  id: string;
  /** Unique without regard to letter case. */
  username: string;
  role: Role;
  /** A disabled user cannot log in, and its tokens and sockets stop working. */
  disabled: boolean;
  createdAt: string;
}

/** Bytes (UTF-8), not characters: bcrypt reads at most 72 bytes. */
export const PASSWORD_MIN_BYTES = 8;
export const PASSWORD_MAX_BYTES = 72;

export interface LoginRequest {
  username: string;
  password: string;
}

export interface LoginResponse {
  accessToken: string;
  /** Seconds until the token expires. */
  expiresIn: number;
  user: User;
}

export interface CreateUserRequest {
  username: string;
  password: string;
  role: Role;
}

/** `PATCH /api/users/:id` (admin): any subset; applies to the user's next request on every instance. */
export interface UpdateUserRequest {
  role?: Role;
  disabled?: boolean;
  password?: string;
}

/** `POST /api/auth/password` (any logged-in user): answers 204; every token of the user then needs a new login. */
export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

/** Why the server closed a socket (`session.ended`, sent just before the disconnect). */
/** Why the server closed a socket: its token expired, its user changed (log in again), or the server is restarting (reconnect). */
export type SessionEndReason = 'token-expired' | 'account-changed' | 'server-restarting';

/** True when `role` is at least `required` in the admin > operator > viewer order. */
export function roleAtLeast(role: Role, required: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(required);
}
