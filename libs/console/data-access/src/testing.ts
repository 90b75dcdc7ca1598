// Test helpers for specs of the console libraries (not part of the app bundle).
export * from './lib/testing/fake-socket';
export * from './lib/testing/fixtures';
export * from './lib/testing/providers';
