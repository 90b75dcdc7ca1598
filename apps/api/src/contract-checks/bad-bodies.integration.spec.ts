// Bodies no schema describes, sent to the whole API: each is a clear 4xx (the OpenAPI fuzz, tools/fuzz, sends many more).
import { createTestApp, type TestApp } from '@pulseboard/api/testing';
import { AppModule } from '../app.module';

describe('bodies no schema describes', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    // The whole API as apps/api composes it; nothing writes behind the test's back (no processors, no simulated chain).
    t = await createTestApp({ root: AppModule, env: { QUEUE_PROCESSORS: 'off', FEED_BLOCKS_SIM_INTERVAL_MS: '3600000' } });
    token = await t.tokenFor('operator');
  });
  afterAll(() => t.close());

  it.each(['/api/auth/login', '/api/events', '/api/counters'])(
    'answers 400 to a JSON body nested 5,000 levels deep on %s',
    async (path) => {
      const res = await t
        .http()
        .post(path)
        .set('Authorization', `Bearer ${token}`)
        .set('Content-Type', 'application/json')
        .send('['.repeat(5000) + ']'.repeat(5000));
      expect(res.status).toBe(400);
      expect(res.body.message).toBe('JSON body is nested deeper than 32 levels');
    },
  );
});
