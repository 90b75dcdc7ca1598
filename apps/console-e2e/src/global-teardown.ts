import { rm } from 'node:fs/promises';

/** Deletes the run's SQLite file (and its WAL companions); each run starts from a fresh one. */
export default async function globalTeardown(): Promise<void> {
  const file = process.env['PB_E2E_SQLITE_PATH'];
  if (!file) return;
  await Promise.all(['', '-wal', '-shm', '-journal'].map((suffix) => rm(`${file}${suffix}`, { force: true })));
}
