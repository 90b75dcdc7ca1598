// One simulator in a cluster: two API instances with the Redis socket adapter on one database (real SQLite + Redis).
import { createTestApp, TestApp, waitFor } from '@pulseboard/api/testing';
import type { SimulatorState } from '@pulseboard/shared/contracts';
import { EventsModule } from '../events.module';
import { EventsService } from '../events.service';
import { EVENTS_MIGRATIONS } from '../migrations';
import { SimulatorService } from './simulator.service';

describe('the simulator across two instances', () => {
  let a: TestApp;
  let b: TestApp;
  let op: string;
  const count = async () => Number((await a.dataSource().query(`SELECT COUNT(*) AS n FROM events WHERE source <> 'blocks'`))[0].n);

  beforeAll(async () => {
    const env = { SOCKET_ADAPTER: 'redis', FEED_BLOCKS_SIM_INTERVAL_MS: '3600000' };
    a = await createTestApp({ imports: [EventsModule], migrations: EVENTS_MIGRATIONS, env });
    b = await createTestApp({
      imports: [EventsModule],
      migrations: EVENTS_MIGRATIONS,
      env,
      sqlitePath: a.sqlitePath,
      queuePrefix: a.queuePrefix,
    });
    op = await a.tokenFor('operator');
  });
  afterAll(async () => {
    await b?.close({ keepData: true });
    await a?.close();
  });

  it('is started through one instance, seen running on both, generated once, and stopped through the other', async () => {
    const auth = { Authorization: `Bearer ${op}` };
    const started = (await a.http().post('/api/simulator/start').set(auth).send({ ratePerSec: 50, updateRatio: 0 }).expect(200))
      .body as SimulatorState;
    expect(started).toMatchObject({ running: true, ratePerSec: 50, updateRatio: 0 });
    expect((await b.http().get('/api/simulator').set(auth).expect(200)).body).toMatchObject({ running: true, ratePerSec: 50 });
    const t0 = Date.now();
    const before = await count();
    await waitFor(async () => (await count()) >= before + 50, { what: '50 simulated events' });
    // One generator: about 50/s in all, not 100/s (a generous bound: the rate is paced by time, not by ticks).
    const rate = ((await count()) - before) / ((Date.now() - t0) / 1000);
    expect(rate).toBeLessThan(80);
    const stopped = (await b.http().post('/api/simulator/stop').set(auth).expect(200)).body as SimulatorState;
    expect(stopped.running).toBe(false);
    expect(stopped.generated).toBeGreaterThanOrEqual(50);
    expect((await a.http().get('/api/simulator').set(auth).expect(200)).body.running).toBe(false);
    // The holder's in-flight tick may still land; its next tick reads the stop (a rate of 50/s would add ~15 in 300 ms).
    await new Promise((r) => setTimeout(r, 150));
    const settled = await count();
    await new Promise((r) => setTimeout(r, 300));
    expect(await count()).toBe(settled);
    expect([a, b].filter((x) => x.get(SimulatorService).isGenerator())).toHaveLength(1);
  });

  it('stopped through the generating instance, answers only after its tick in flight has landed, and adds nothing after', async () => {
    const auth = { Authorization: `Bearer ${op}` };
    const g = [a, b].find((x) => x.get(SimulatorService).isGenerator()) as TestApp;
    await g.http().post('/api/simulator/start').set(auth).send({ ratePerSec: 200, updateRatio: 0 }).expect(200);
    // Hold the next tick's write in flight, then ask for the stop meanwhile.
    const events = g.get(EventsService);
    const createMany = events.createMany.bind(events);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let writing = 0;
    const spy = jest.spyOn(events, 'createMany').mockImplementation(async (inputs) => {
      writing++;
      await held;
      return createMany(inputs);
    });
    try {
      await waitFor(() => writing > 0, { what: 'a tick writing' });
      let answered = false;
      const stopping = g
        .http()
        .post('/api/simulator/stop')
        .set(auth)
        .then((r) => ((answered = true), r));
      // The stop is saved (a tick reads it), but the answer waits for the tick in flight.
      await waitFor(async () => !(await g.http().get('/api/simulator').set(auth)).body.running, { what: 'the stop saved' });
      expect(answered).toBe(false);
      release();
      const stopped = (await stopping).body as SimulatorState;
      expect(stopped.running).toBe(false);
      // Everything it counted is stored when it answers, and later ticks (which read the stop) write nothing.
      const after = await count();
      const ticks = jest.spyOn(g.get(SimulatorService) as unknown as { generate: () => Promise<void> }, 'generate');
      await waitFor(() => ticks.mock.calls.length >= 3, { what: 'three more ticks' });
      ticks.mockRestore();
      expect(await count()).toBe(after);
      expect(writing).toBe(1);
    } finally {
      release();
      spy.mockRestore();
    }
  });
});
