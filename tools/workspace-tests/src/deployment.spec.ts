// docker-compose.yml cannot be run on the machines that test Pulseboard (no Docker engine): its security properties
// are checked by reading it, and .env.example is checked against the variables the code reads.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const root = join(__dirname, '../../..');
// merge: YAML merge keys (<<: *pulseboard-env), as Compose resolves them.
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true });
const raw = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
const services = compose.services as Record<string, Record<string, unknown>>;
const envOf = (name: string) => services[name].environment as Record<string, string>;

describe('docker-compose.yml', () => {
  it('does not publish Redis or PostgreSQL on the host', () => {
    expect(services['redis'].ports).toBeUndefined();
    expect(services['postgres'].ports).toBeUndefined();
  });

  it('protects Redis with a password from the environment, required with a message', () => {
    expect((services['redis'].command as string[]).join(' ')).toMatch(/--requirepass \$\{REDIS_PASSWORD:\?[^}]+\}/);
    expect(envOf('api')['REDIS_URL']).toMatch(/^redis:\/\/:\$\{REDIS_PASSWORD:\?[^}]+\}@redis:6379$/);
    expect(envOf('worker')['REDIS_URL']).toBe(envOf('api')['REDIS_URL']);
  });

  it('takes the database password from the environment with a :? message, never a literal', () => {
    expect(envOf('postgres')['POSTGRES_PASSWORD']).toMatch(/^\$\{POSTGRES_PASSWORD:\?.+\}$/);
    expect(envOf('api')['DATABASE_URL']).toMatch(/^postgres:\/\/pulseboard:\$\{POSTGRES_PASSWORD:\?[^}]+\}@postgres:5432\/pulseboard$/);
    for (const secret of ['JWT_SECRET', 'ADMIN_PASSWORD']) expect(envOf('api')[secret]).toMatch(new RegExp(`^\\$\\{${secret}:\\?.+\\}$`));
    expect(raw).not.toMatch(/PASSWORD:\s*pulseboard\b/);
  });

  it('shares the exports volume between the API and the worker, where EXPORT_DIR points', () => {
    const mount = (name: string) => (services[name].volumes as string[]).find((v) => v.startsWith('exports:'));
    expect(mount('api')).toBe('exports:/app/data/exports');
    expect(mount('worker')).toBe('exports:/app/data/exports');
    expect(envOf('api')['EXPORT_DIR']).toBe('/app/data/exports');
    expect(envOf('worker')['EXPORT_DIR']).toBe('/app/data/exports');
    expect(Object.keys(compose.volumes)).toContain('exports');
  });

  it('restarts every service unless stopped, and checks the health of the API and the worker', () => {
    for (const [name, s] of Object.entries(services)) expect({ name, restart: s['restart'] }).toEqual({ name, restart: 'unless-stopped' });
    expect(services['api'].healthcheck).toBeDefined();
    const worker = services['worker'].healthcheck as { test: string[] };
    expect(worker.test.join(' ')).toContain(envOf('worker')['WORKER_HEALTH_FILE']);
  });

  it('runs the API without processors and the worker with them, on the Redis socket adapter', () => {
    expect(envOf('api')['QUEUE_PROCESSORS']).toBe('off');
    expect(envOf('api')['SOCKET_ADAPTER']).toBe('redis');
    expect(envOf('api')['NODE_ENV']).toBe('production');
  });
});

describe('the console served by nginx (tools/docker/nginx.conf)', () => {
  const conf = readFileSync(join(root, 'tools/docker/nginx.conf'), 'utf8');
  const securityTs = readFileSync(join(root, 'libs/api/core/src/lib/http/security-headers.ts'), 'utf8');

  it("sends the API's Content-Security-Policy, directive for directive", () => {
    const policy = /add_header Content-Security-Policy "([^"]+)"/.exec(conf)?.[1] ?? '';
    const directives = Object.fromEntries(
      policy
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([k, ...v]) => [k, v.join(' ')]),
    );
    // Each source element is a JS string literal: "'self'" (a quoted keyword) or 'data:' (a scheme).
    const literal = (x: string) => {
      const t = x.trim();
      return t.startsWith('"') ? t.slice(1, -1) : t.replace(/^'([^']*)'$/, '$1');
    };
    const api = [...securityTs.matchAll(/'([a-z-]+)': \[([^\]]*)\]/g)].map((m) => [m[1], m[2].split(',').map(literal).join(' ')]);
    expect(api.length).toBeGreaterThan(8);
    for (const [name, value] of api) expect({ name, value: directives[name] }).toEqual({ name, value });
  });

  it('sends nosniff, DENY and the referrer policy on every answer (always)', () => {
    expect(conf).toContain('add_header X-Content-Type-Options "nosniff" always;');
    expect(conf).toContain('add_header X-Frame-Options "DENY" always;');
    expect(conf).toContain('add_header Referrer-Policy "strict-origin-when-cross-origin" always;');
  });
});

describe('.env.example', () => {
  const example = readFileSync(join(root, '.env.example'), 'utf8');
  const listed = new Set([...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));

  it('lists every variable the configuration reads', () => {
    const envTs = readFileSync(join(root, 'libs/api/core/src/lib/config/env.ts'), 'utf8');
    const read = new Set([...envTs.matchAll(/\(env, '([A-Z][A-Z0-9_]*)'/g)].map((m) => m[1]));
    expect(read.size).toBeGreaterThan(20);
    expect([...read].filter((v) => !listed.has(v))).toEqual([]);
  });

  it('lists every variable docker-compose.yml takes from the environment', () => {
    const fromCompose = new Set([...raw.matchAll(/\$\{([A-Z][A-Z0-9_]*)[:}]/g)].map((m) => m[1]));
    expect([...fromCompose].filter((v) => !listed.has(v))).toEqual([]);
  });

  it('holds no secret values', () => {
    for (const v of ['JWT_SECRET', 'ADMIN_PASSWORD', 'POSTGRES_PASSWORD', 'REDIS_PASSWORD'])
      expect(example).toMatch(new RegExp(`^${v}=$`, 'm'));
  });
});
