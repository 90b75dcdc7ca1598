// Exports as a spreadsheet opens them: formula-looking cells neutralised in CSV (NDJSON untouched), and a download
// whose file vanished answers 404 without harming the process. Real SQLite + Redis.
import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, TestApp } from '@pulseboard/api/testing';
import { EVENTS_MIGRATIONS, EventsService } from '@pulseboard/api/events';
import { createJob, waitForStatus } from '../../test/helpers';
import { JobsModule } from '../jobs.module';
import { JOBS_MIGRATIONS } from '../migrations';
import { csvCell, exportFilePath } from './events-export.handler';

const text = (r: NodeJS.ReadableStream, cb: (e: Error | null, body: string) => void) => {
  let d = '';
  r.on('data', (c: Buffer) => (d += c.toString()));
  r.on('end', () => cb(null, d));
};

describe('csvCell', () => {
  it.each(['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tindent', '\rreturn'])('neutralises %j so a spreadsheet shows it as text', (v) => {
    expect(csvCell(v).replace(/^"|"$/g, '')).toBe(`'${v}`);
  });

  it('leaves ordinary cells as they are, quoting only what CSV needs', () => {
    expect(csvCell('Disk full')).toBe('Disk full');
    expect(csvCell('a, "b"')).toBe('"a, ""b"""');
    expect(csvCell(42)).toBe('42');
    expect(csvCell(null)).toBe('');
  });
});

describe('events.export files', () => {
  let t: TestApp;
  let token: string;
  const exportDir = mkdtempSync(join(tmpdir(), 'pulseboard-exports-'));

  beforeAll(async () => {
    t = await createTestApp({
      imports: [JobsModule],
      migrations: [...JOBS_MIGRATIONS, ...EVENTS_MIGRATIONS],
      env: { EXPORT_DIR: exportDir },
    });
    token = await t.login();
    await t.get(EventsService).createMany([
      { type: 'inject', source: 'x', title: '=HYPERLINK("http://evil","click")', severity: 'critical' },
      { type: 'inject', source: '@team', title: '+1 more', severity: 'critical' },
    ]);
  });
  afterAll(async () => {
    await t.close();
    rmSync(exportDir, { recursive: true, force: true });
  });

  const download = (id: string) =>
    t
      .http()
      .get(`/api/jobs/${id}/download`)
      .set('Authorization', `Bearer ${token}`)
      .buffer(true)
      .parse(text as never);

  it('neutralises formula cells in CSV and keeps NDJSON byte-true', async () => {
    const csvJob = await createJob(t, token, { type: 'events.export', payload: { filter: { type: 'inject' }, format: 'csv' } });
    await waitForStatus(t, token, csvJob.id, 'completed');
    const csv = (await download(csvJob.id).expect(200)).body as string;
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"",""click"")"`);
    expect(csv).toContain(",'@team,");
    expect(csv).toContain(",'+1 more,");
    const ndJob = await createJob(t, token, { type: 'events.export', payload: { filter: { type: 'inject' }, format: 'ndjson' } });
    await waitForStatus(t, token, ndJob.id, 'completed');
    const titles = ((await download(ndJob.id).expect(200)).body as string)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).title)
      .sort();
    expect(titles).toEqual(['+1 more', '=HYPERLINK("http://evil","click")']);
  });

  it('answers 404 when the file vanished, and keeps serving', async () => {
    const job = await createJob(t, token, { type: 'events.export', payload: { filter: {}, format: 'ndjson' } });
    await waitForStatus(t, token, job.id, 'completed');
    unlinkSync(exportFilePath(exportDir, job.id, 'ndjson'));
    const res = await download(job.id).expect(404);
    expect(JSON.parse(res.body as string).message).toBe(`The export file of job '${job.id}' no longer exists`);
    await t.http().get('/api/health').expect(200);
  });
});
