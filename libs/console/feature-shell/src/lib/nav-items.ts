import type { Role } from '@pulseboard/shared/contracts';

/** The side navigation's entries, in order. A new page is one more entry here (and its route in shell.routes). */
export interface NavItem {
  label: string;
  path: string;
  icon: string;
  /** Active only on this exact URL (the dashboard at `/`). */
  exact: boolean;
  /** Shown only to users with at least this role (e.g. `admin` for user management); everyone when absent. */
  role?: Role;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { label: 'Dashboard', path: '/', icon: 'dashboard', exact: true },
  { label: 'Counters', path: '/counters', icon: 'timer', exact: false },
  { label: 'Jobs', path: '/jobs', icon: 'work', exact: false },
  { label: 'Events', path: '/events', icon: 'notifications', exact: false },
  { label: 'Queues', path: '/queues', icon: 'build', exact: false, role: 'operator' },
  { label: 'Audit', path: '/audit', icon: 'visibility', exact: false, role: 'admin' },
  { label: 'Users', path: '/users', icon: 'account_circle', exact: false, role: 'admin' },
  { label: 'Cluster', path: '/cluster', icon: 'dns', exact: false, role: 'admin' },
];

/** The entries `hasRole` allows. */
export function visibleNavItems(items: readonly NavItem[], hasRole: (role: Role) => boolean): NavItem[] {
  return items.filter((item) => !item.role || hasRole(item.role));
}
