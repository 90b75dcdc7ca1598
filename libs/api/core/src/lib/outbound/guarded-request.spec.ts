// The guarded client against real servers on 127.0.0.1 (loopback only; other ranges are refused by the address
// check before any connection, see address-policy.spec.ts).
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseAllowedHosts } from './address-policy';
import { guardedRequest, OutboundRefusedError, redactUrl } from './guarded-request';

interface Local {
  server: Server;
  port: number;
  url: string;
  connections: number;
  requests: IncomingMessage[];
  close(): Promise<void>;
}

async function local(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Local> {
  const l = { connections: 0, requests: [] as IncomingMessage[] } as Local;
  l.server = createServer((req, res) => {
    l.requests.push(req);
    handler(req, res);
  });
  l.server.on('connection', () => l.connections++);
  await new Promise<void>((r) => l.server.listen(0, '127.0.0.1', r));
  l.port = (l.server.address() as AddressInfo).port;
  l.url = `http://127.0.0.1:${l.port}`;
  l.close = () => new Promise<void>((r) => (l.server.closeAllConnections(), l.server.close(() => r())));
  return l;
}

describe('guardedRequest', () => {
  const servers: Local[] = [];
  const start = async (h: (req: IncomingMessage, res: ServerResponse) => void) => {
    const s = await local(h);
    servers.push(s);
    return s;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('refuses a loopback address without opening a connection, naming the rule and the variable', async () => {
    const s = await start((_q, r) => r.end('ok'));
    const call = guardedRequest({ url: `${s.url}/hook` }, parseAllowedHosts(''));
    await expect(call).rejects.toBeInstanceOf(OutboundRefusedError);
    await expect(guardedRequest({ url: `${s.url}/hook` }, parseAllowedHosts(''))).rejects.toThrow(
      `Refused to call 127.0.0.1: it resolves to 127.0.0.1, a loopback address; outbound calls may not reach internal addresses (add "127.0.0.1" to WEBHOOK_ALLOWED_HOSTS to allow it)`,
    );
    expect(s.connections).toBe(0);
  });

  it('refuses a name that resolves to loopback (the DNS answer is checked), without connecting', async () => {
    const s = await start((_q, r) => r.end('ok'));
    await expect(guardedRequest({ url: `http://localhost:${s.port}/` }, parseAllowedHosts(''))).rejects.toThrow(
      /Refused to call localhost: it resolves to (127\.0\.0\.1|::1), a loopback address/,
    );
    expect(s.connections).toBe(0);
  });

  it('refuses other schemes', async () => {
    await expect(guardedRequest({ url: 'file:///etc/passwd' }, parseAllowedHosts(''))).rejects.toThrow(
      'Refused to call file:// URLs: only http and https are allowed',
    );
  });

  it('calls a host named in WEBHOOK_ALLOWED_HOSTS (host:port)', async () => {
    const s = await start((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => res.writeHead(201, { 'content-type': 'text/plain' }).end(`got ${req.method} ${body}`));
    });
    const res = await guardedRequest(
      { url: `${s.url}/hook`, method: 'POST', body: 'hi', headers: { 'x-token': 'secret' } },
      parseAllowedHosts(`127.0.0.1:${s.port}`),
    );
    expect(res).toMatchObject({ status: 201, redirects: 0, truncated: false });
    expect(res.body.toString()).toBe('got POST hi');
    expect(s.requests[0].headers['x-token']).toBe('secret');
  });

  it('checks every redirect target: a redirect to a refused address fails and that server sees no connection', async () => {
    const other = await start((_q, r) => r.end('should not be reached'));
    const s = await start((_q, r) => r.writeHead(302, { location: `${other.url}/internal` }).end());
    await expect(guardedRequest({ url: s.url }, parseAllowedHosts(`127.0.0.1:${s.port}`))).rejects.toThrow(
      /Refused to call 127\.0\.0\.1: .* loopback/,
    );
    expect(other.connections).toBe(0);
  });

  it('follows at most 3 redirects, drops the caller headers across origins, and turns a 303 into a GET', async () => {
    const target = await start((req, res) => res.end(`${req.method} ${req.headers['x-token'] ?? 'no token'}`));
    let hops = 0;
    const s = await start((req, res) => {
      hops++;
      if (req.url === '/4') return res.end('too far');
      const n = Number(req.url?.slice(1) || 0);
      res.writeHead(n === 2 ? 303 : 307, { location: n === 2 ? `${target.url}/end` : `/${n + 1}` }).end();
    });
    const allowed = parseAllowedHosts(`127.0.0.1`);
    const res = await guardedRequest({ url: `${s.url}/0`, method: 'POST', body: 'x', headers: { 'x-token': 'secret' } }, allowed);
    expect(res).toMatchObject({ status: 200, redirects: 3 });
    expect(res.body.toString()).toBe('GET no token');
    hops = 0;
    await expect(guardedRequest({ url: `${s.url}/0`, maxRedirects: 2 }, allowed)).rejects.toThrow(/stopped after 2 redirects/);
    expect(hops).toBe(3);
  });

  it('reads at most 64 KiB of the answer', async () => {
    const s = await start((_q, res) => {
      res.writeHead(200);
      const chunk = Buffer.alloc(16 * 1024, 97);
      let sent = 0;
      const write = () => {
        while (sent < 64 && res.write(chunk)) sent++;
        if (sent < 64) res.once('drain', write);
        else res.end();
      };
      write();
    });
    const res = await guardedRequest({ url: s.url }, parseAllowedHosts('127.0.0.1'));
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(64 * 1024);
    expect(res.truncated).toBe(true);
  });

  it('gives up at the deadline', async () => {
    const s = await start(() => undefined); // never answers
    const started = Date.now();
    await expect(guardedRequest({ url: s.url, timeoutMs: 300 }, parseAllowedHosts('127.0.0.1'))).rejects.toThrow('timed out after 300 ms');
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('redactUrl', () => {
  it('hides credentials and keeps the rest', () => {
    expect(redactUrl('https://user:pa55@hooks.example/x?y=1')).toBe('https://***:***@hooks.example/x?y=1');
    expect(redactUrl('https://hooks.example/x')).toBe('https://hooks.example/x');
  });
});
