// Baseline servers the benches measure against in the same run, each its own process:
//   node bench/lib/baselines.mjs bare-http   node:http, JSON in and out, no framework (the HTTP ceiling)
//   node bench/lib/baselines.mjs bare-nest   a minimal Nest app on Fastify, the API's platform (plain JS, decorators applied as functions)
//   node bench/lib/baselines.mjs raw-io      node:http + socket.io: every POSTed event emitted to an `events` room
// All serve the same routes: POST /api/bare/counters/:id/decrement, POST /api/bare/events, POST /api/bare/events/batch,
// GET /api/bare/events (a fixed 20-item page); raw-io serves POST /batch. PORT from the environment; "ready" on stdout.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { randomEvent } from './events-data.mjs';

const PORT = Number(process.env.PORT);
const stamp = () => new Date().toISOString();
function asEvent(b) {
  const t = stamp();
  return {
    id: randomUUID(),
    type: b.type,
    source: b.source,
    title: b.title,
    severity: b.severity ?? 'info',
    payload: b.payload ?? {},
    status: 'open',
    occurredAt: b.occurredAt ?? t,
    createdAt: t,
    updatedAt: t,
    completedAt: null,
    completedBy: null,
    version: 1,
  };
}
const page = Array.from({ length: 20 }, () => asEvent(randomEvent()));
const listBody = () => ({ items: page, total: 1_000_000, page: 1, pageSize: 20, nextCursor: 'eyJzIjoiLW9jY3VycmVkQXQifQ' });
let value = 1_000_000_000;
const decrement = (id) => {
  value -= 1;
  return { id, value, version: 1_000_000_000 - value, updatedAt: stamp() };
};

function readJson(req, limit = 1024 * 1024) {
  return new Promise((res, rej) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > limit) rej(new Error('too large'));
      else chunks.push(c);
    });
    req.on('end', () => {
      try {
        res(chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : {});
      } catch (e) {
        rej(e);
      }
    });
  });
}

async function bareHttp() {
  const server = http.createServer(async (req, res) => {
    const send = (status, body) => {
      const data = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(data) }).end(data);
    };
    try {
      const m = /^\/api\/bare\/counters\/([^/]+)\/decrement$/.exec(req.url);
      if (req.method === 'POST' && m) return send(200, decrement(m[1], await readJson(req)));
      if (req.method === 'POST' && req.url === '/api/bare/events') return send(201, asEvent(await readJson(req)));
      if (req.method === 'POST' && req.url === '/api/bare/events/batch') {
        const { events } = await readJson(req);
        const ids = events.map(() => randomUUID());
        return send(201, { count: ids.length, ids });
      }
      if (req.method === 'GET' && req.url.startsWith('/api/bare/events')) return send(200, listBody());
      send(404, { statusCode: 404 });
    } catch {
      send(400, { statusCode: 400 });
    }
  });
  server.keepAliveTimeout = 65_000;
  server.listen(PORT, '127.0.0.1', () => process.stdout.write('ready\n'));
}

async function bareNest() {
  await import('reflect-metadata');
  const { Body, Controller, Get, HttpCode, Module, Param, Post } = await import('@nestjs/common');
  const { NestFactory } = await import('@nestjs/core');
  const { FastifyAdapter } = await import('@nestjs/platform-fastify');
  class BareController {
    decrement(id) {
      return decrement(id);
    }
    create(body) {
      return asEvent(body);
    }
    batch(body) {
      const ids = body.events.map(() => randomUUID());
      return { count: ids.length, ids };
    }
    list() {
      return listBody();
    }
  }
  const P = BareController.prototype;
  const d = (k) => Object.getOwnPropertyDescriptor(P, k);
  Post('counters/:id/decrement')(P, 'decrement', d('decrement'));
  HttpCode(200)(P, 'decrement', d('decrement'));
  Param('id')(P, 'decrement', 0);
  Post('events')(P, 'create', d('create'));
  HttpCode(201)(P, 'create', d('create'));
  Body()(P, 'create', 0);
  Post('events/batch')(P, 'batch', d('batch'));
  HttpCode(201)(P, 'batch', d('batch'));
  Body()(P, 'batch', 0);
  Get('events')(P, 'list', d('list'));
  Controller('bare')(BareController);
  class BareModule {}
  Module({ controllers: [BareController] })(BareModule);
  const app = await NestFactory.create(BareModule, new FastifyAdapter({ bodyLimit: 1024 * 1024 }), { logger: false });
  app.setGlobalPrefix('api');
  await app.listen(PORT, '127.0.0.1');
  process.stdout.write('ready\n');
}

async function rawIo() {
  const { Server } = await import('socket.io');
  const server = http.createServer(async (req, res) => {
    if (req.method === 'POST' && req.url === '/batch') {
      const { events } = await readJson(req);
      const ids = [];
      for (const b of events) {
        const e = asEvent(b);
        ids.push(e.id);
        io.to('events').emit('event.created', e);
      }
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ count: ids.length, ids }));
      return;
    }
    res.writeHead(req.url === '/health' ? 200 : 404).end('{}');
  });
  const io = new Server(server, { path: '/socket.io', serveClient: false });
  io.on('connection', (socket) => {
    socket.on('subscribe', async (body, ack) => {
      await socket.join(body.topics);
      if (typeof ack === 'function') ack({ ok: true, replay: {} });
    });
  });
  server.listen(PORT, '127.0.0.1', () => process.stdout.write('ready\n'));
}

const role = process.argv[2];
if (role === 'bare-http') await bareHttp();
else if (role === 'bare-nest') await bareNest();
else if (role === 'raw-io') await rawIo();
else {
  process.stderr.write('usage: node bench/lib/baselines.mjs bare-http|bare-nest|raw-io\n');
  process.exit(2);
}
