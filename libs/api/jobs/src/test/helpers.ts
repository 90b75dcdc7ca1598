// Shared helpers of the jobs integration tests.
import http, { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type TestAgent from 'supertest/lib/agent';
import type { DataSource } from 'typeorm';
import { waitFor } from '@pulseboard/api/testing';
import type { Job, JobStatus } from '@pulseboard/shared/contracts';

/** The part of @pulseboard/api/testing's TestApp these helpers use. */
export interface AppUnderTest {
  http(): TestAgent;
  dataSource(): DataSource;
}

export interface FakeServer {
  url: string;
  requests: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[];
  close(): Promise<void>;
}

/** A local HTTP server: `answer` decides each response (call index starts at 0). */
export async function fakeServer(answer: (req: IncomingMessage, i: number, res: ServerResponse) => void): Promise<FakeServer> {
  const requests: FakeServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      answer(req, requests.length - 1, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export async function createJob(t: AppUnderTest, token: string, body: Record<string, unknown>, status = 202): Promise<Job> {
  const res = await t.http().post('/api/jobs').set('Authorization', `Bearer ${token}`).send(body);
  if (res.status !== status) throw new Error(`POST /api/jobs answered ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Job;
}

export async function getJob(t: AppUnderTest, token: string, id: string): Promise<Job> {
  const res = await t.http().get(`/api/jobs/${id}`).set('Authorization', `Bearer ${token}`).expect(200);
  return res.body as Job;
}

export function waitForStatus(t: AppUnderTest, token: string, id: string, status: JobStatus, timeoutMs = 15_000): Promise<Job> {
  return waitFor(
    async () => {
      const j = await getJob(t, token, id);
      return j.status === status ? j : null;
    },
    { what: `job ${id} to be ${status}`, timeoutMs, intervalMs: 50 },
  );
}

export async function countJobs(t: AppUnderTest): Promise<number> {
  const [r] = await t.dataSource().query('SELECT COUNT(*) AS n FROM jobs');
  return Number(r.n);
}

/** Reads a job's SSE stream to its end (or until `onOpen` aborts it); resolves with the `job` events. */
export function readStream(
  t: { url: string },
  token: string,
  id: string,
  onOpen?: (req: http.ClientRequest) => void,
): Promise<{ events: Job[]; ended: 'server' | 'client'; status?: number; contentType?: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${t.url}/api/jobs/${id}/stream`, { headers: { Authorization: `Bearer ${token}` } }, (res) => {
      let data = '';
      const events = () =>
        data
          .split('\n\n')
          .filter((b) => b.startsWith('event: job'))
          .map((b) => JSON.parse(b.split('\ndata: ')[1]) as Job);
      res.on('data', (c: Buffer) => {
        data += c.toString();
        if (onOpen && events().length === 1) onOpen(req);
      });
      res.on('end', () => resolve({ events: events(), ended: 'server', status: res.statusCode, contentType: res.headers['content-type'] }));
      res.on('error', () => resolve({ events: events(), ended: 'client' }));
      res.on('aborted', () => resolve({ events: events(), ended: 'client' }));
    });
    req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(e)));
  });
}
