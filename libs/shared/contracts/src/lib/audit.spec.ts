import { auditActionOf } from './audit';

describe('auditActionOf', () => {
  it('names an action segment after the resource and its id', () => {
    expect(auditActionOf('POST', '/api/counters/:id/decrement', { id: 'c1' })).toEqual({
      action: 'counters.decrement',
      resourceType: 'counters',
      resourceId: 'c1',
    });
    expect(auditActionOf('POST', '/api/queues/:name/pause', { name: 'jobs' })).toEqual({
      action: 'queues.pause',
      resourceType: 'queues',
      resourceId: 'jobs',
    });
    expect(auditActionOf('POST', '/api/jobs/retry-failed')).toEqual({
      action: 'jobs.retry-failed',
      resourceType: 'jobs',
      resourceId: null,
    });
    expect(auditActionOf('POST', '/api/auth/login')).toEqual({ action: 'auth.login', resourceType: 'auth', resourceId: null });
  });

  it('names the verb by method when the route has no action segment', () => {
    expect(auditActionOf('POST', '/api/counters')).toMatchObject({ action: 'counters.create', resourceId: null });
    expect(auditActionOf('PATCH', '/api/users/:id', { id: 'u1' })).toEqual({
      action: 'users.update',
      resourceType: 'users',
      resourceId: 'u1',
    });
    expect(auditActionOf('DELETE', '/api/counters/:id', { id: 'c1' })).toMatchObject({ action: 'counters.delete' });
    expect(auditActionOf('PUT', '/api/things/:id', { id: 't' })).toMatchObject({ action: 'things.replace' });
  });

  it('ignores the query string and a missing parameter value', () => {
    expect(auditActionOf('POST', '/api/events/batch?x=1')).toMatchObject({ action: 'events.batch' });
    expect(auditActionOf('POST', '/api/counters/:id/reset')).toMatchObject({ resourceId: null });
  });
});
