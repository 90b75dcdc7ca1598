export * from './lib/icons/console-icons';
export * from './lib/status-chip/status-tone';
export * from './lib/status-chip/status-chip.component';
export * from './lib/live-indicator/live-indicator.component';
export * from './lib/empty-state/empty-state.component';
export * from './lib/error-banner/error-banner.component';
export * from './lib/page-header/page-header.component';
export * from './lib/list-status/list-status.component';
