import { auditRecordOf } from './audit-trail';

type Req = Parameters<typeof auditRecordOf>[0];
const req = (over: Partial<Req>): Req => ({
  method: 'POST',
  url: '/api/counters',
  route: null,
  params: {},
  ip: '127.0.0.1',
  id: '7',
  statusCode: 200,
  ...over,
});
const at = new Date('2026-01-01T00:00:00.000Z');

describe('auditRecordOf', () => {
  it("records a routed change with the guard's user, the route's params, status, address and request id", () => {
    const r = auditRecordOf(
      req({
        url: '/api/counters/c1/increment?x=1',
        route: '/api/counters/:id/increment',
        params: { id: 'c1' },
        user: { id: 'u1', username: 'ada', role: 'operator' },
      }),
      at,
    );
    expect(r).toEqual({
      at,
      actor: { id: 'u1', username: 'ada' },
      action: 'counters.increment',
      resourceType: 'counters',
      resourceId: 'c1',
      status: 200,
      ip: '127.0.0.1',
      requestId: '7',
      method: 'POST',
      path: '/api/counters/c1/increment',
    });
  });

  it('skips reads and everything outside /api (socket.io polling, the console)', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS']) expect(auditRecordOf(req({ method }))).toBeNull();
    expect(auditRecordOf(req({ url: '/socket.io/?EIO=4&transport=polling' }))).toBeNull();
    expect(auditRecordOf(req({ url: '/apiary', statusCode: 404 }))).toBeNull();
  });

  it('records a request that matched no route as <type>.unrouted without an id', () => {
    expect(auditRecordOf(req({ url: '/api/counters/c1/nope', statusCode: 404 }))).toMatchObject({
      action: 'counters.unrouted',
      resourceType: 'counters',
      resourceId: null,
      status: 404,
      actor: null,
    });
  });

  it('keeps the username of a login attempt as its resource id, and never anything else of the body', () => {
    const r = auditRecordOf(
      req({
        url: '/api/auth/login',
        route: '/api/auth/login',
        body: { username: 'mallory', password: 'hunter2-hunter2' },
        statusCode: 401,
      }),
    );
    expect(r).toMatchObject({ action: 'auth.login', resourceId: 'mallory', loginUsername: 'mallory', actor: null });
    expect(JSON.stringify(r)).not.toContain('hunter2');
  });

  it('clips values to their columns', () => {
    const long = 'x'.repeat(600);
    const r = auditRecordOf(req({ url: `/api/${long}`, route: `/api/${long}/:id`, params: { id: long }, id: long, statusCode: 400 }));
    expect(r?.action.length).toBe(64);
    expect(r?.resourceType.length).toBe(32);
    expect(r?.resourceId?.length).toBe(128);
    expect(r?.requestId.length).toBe(128);
    expect(r?.path.length).toBe(512);
  });
});
