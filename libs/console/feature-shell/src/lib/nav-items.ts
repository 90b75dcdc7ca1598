/** The side navigation's entries, in order. */
export interface NavItem {
  label: string;
  path: string;
  icon: string;
  /** Active only on this exact URL (the dashboard at `/`). */
  exact: boolean;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { label: 'Dashboard', path: '/', icon: 'dashboard', exact: true },
  { label: 'Counters', path: '/counters', icon: 'timer', exact: false },
  { label: 'Jobs', path: '/jobs', icon: 'work', exact: false },
  { label: 'Events', path: '/events', icon: 'notifications', exact: false },
];
