// Pages are lazy-loaded through SHELL_ROUTES; exporting their classes here would pull them into the main bundle.
export * from './lib/shell.routes';
export * from './lib/nav-items';
