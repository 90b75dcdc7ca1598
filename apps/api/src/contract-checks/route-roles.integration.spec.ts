// The route × role matrix, generated from the controllers' metadata: every route's role decision is reviewed in
// docs/routes.md (a new route fails here until it is listed), and each decision holds over HTTP for every role.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from '@pulseboard/api/testing';
import { ROLES, roleAtLeast, type Role } from '@pulseboard/shared/contracts';
import { AppModule } from '../app.module';
import { listRoutes, RouteInfo, routeTable } from './routes';

const DOC = join(__dirname, '../../../../docs/routes.md');
const START = '<!-- routes:start -->';
const END = '<!-- routes:end -->';

jest.setTimeout(120_000);

function concretePath(path: string): string {
  return path.replace(/:(\w+)/g, (_m, name: string) => (/id$/i.test(name) ? randomUUID() : `no-such-${name}`));
}

describe('route × role matrix', () => {
  let t: TestApp;
  let routes: RouteInfo[];
  const tokens = {} as Record<Role, string>;

  beforeAll(async () => {
    // The whole API as apps/api composes it; nothing writes behind the test's back (no processors, no simulated chain).
    t = await createTestApp({ root: AppModule, env: { QUEUE_PROCESSORS: 'off', FEED_BLOCKS_SIM_INTERVAL_MS: '3600000' } });
    routes = listRoutes(t.app);
    for (const role of ROLES) tokens[role] = await t.tokenFor(role);
  });
  afterAll(async () => {
    await t.http().post('/api/simulator/stop').set('Authorization', `Bearer ${tokens.admin}`);
    await t.close();
  });

  it('finds the routes of every feature module', () => {
    const prefixes = new Set(routes.map((r) => r.path.split('/')[2]));
    expect([...prefixes]).toEqual(expect.arrayContaining(['auth', 'users', 'health', 'counters', 'jobs', 'events', 'simulator', 'feeds']));
  });

  it('lists every route with its role decision in docs/routes.md (a new route needs a reviewed decision)', () => {
    const table = routeTable(routes);
    const doc = readFileSync(DOC, 'utf8');
    if (process.env['UPDATE_ROUTES'] === '1') {
      const next = doc.replace(new RegExp(`${START}[\\s\\S]*${END}`), `${START}\n${table}\n${END}`);
      writeFileSync(DOC, next);
      return;
    }
    const committed = doc.slice(doc.indexOf(START) + START.length, doc.indexOf(END)).trim();
    if (committed !== table) {
      throw new Error(
        'docs/routes.md does not match the routes the API declares. Decide the role of each new or changed route ' +
          '(@Public(), @RequireRole(...) or the default by method), then run `UPDATE_ROUTES=1 npx jest apps/api/src/contract-checks/route-roles` ' +
          `and review the diff.\nGenerated:\n${table}`,
      );
    }
  });

  it('refuses anonymous callers on every non-public route with 401', async () => {
    const wrong: string[] = [];
    for (const r of routes.filter((x) => x.decision !== 'public')) {
      const res = await t.http()[r.method.toLowerCase() as 'get'](concretePath(r.path)).send({});
      if (res.status !== 401) wrong.push(`${r.method} ${r.path}: ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('answers 403 below the least role and lets that role and above past the guard', async () => {
    const wrong: string[] = [];
    for (const r of routes) {
      for (const role of ROLES) {
        const res = await t
          .http()
          [r.method.toLowerCase() as 'get'](concretePath(r.path))
          .set('Authorization', `Bearer ${tokens[role]}`)
          .send({});
        const allowed = r.decision === 'public' || roleAtLeast(role, r.decision);
        if (allowed ? res.status === 401 || res.status === 403 : res.status !== 403) {
          wrong.push(`${r.method} ${r.path} as ${role}: ${res.status} ${JSON.stringify(res.body)}`);
        }
        if (res.status >= 500) wrong.push(`${r.method} ${r.path} as ${role}: ${res.status}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
