export const ROLES = ['viewer', 'operator', 'admin'] as const;
/** Each role includes the ones before it in ROLES: admin > operator > viewer. */
export type Role = (typeof ROLES)[number];

export interface User {
  id: string;
  username: string;
  role: Role;
}

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

/** True when `role` is at least `required` in the admin > operator > viewer order. */
export function roleAtLeast(role: Role, required: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(required);
}
