import { Writable } from 'node:stream';
import { createRootLogger, prettyWhenInteractive, PulseboardLogger, scrubUrlCredentials } from './logger';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  return { lines, logger: new PulseboardLogger(createRootLogger('info', stream)) };
}

describe('URL credentials in logs', () => {
  it('scrubs user and password from any URL in a text', () => {
    expect(scrubUrlCredentials('Redis at redis://:hunter2@redis:6379 unreachable')).toBe('Redis at redis://***:***@redis:6379 unreachable');
    expect(scrubUrlCredentials('connect postgres://pulseboard:s3cr3t@db:5432/pb failed')).toBe(
      'connect postgres://***:***@db:5432/pb failed',
    );
    expect(scrubUrlCredentials('POST https://alice:pw@hooks.example/x')).toBe('POST https://***:***@hooks.example/x');
    expect(scrubUrlCredentials('mail bob@example.com at http://host/x')).toBe('mail bob@example.com at http://host/x');
  });

  it('never writes them: messages and error stacks go through the scrubber', () => {
    const { lines, logger } = capture();
    logger.warn('Redis at redis://:hunter2@redis:6379 unreachable', 'Redis');
    logger.error('connect failed', 'Error: postgres://u:s3cr3t@db/x\n    at connect (pg.js:1)', 'Database');
    const all = lines.join('');
    expect(all).not.toContain('hunter2');
    expect(all).not.toContain('s3cr3t');
    expect(all).toContain('redis://***:***@redis:6379');
  });
});

describe('development logs', () => {
  it('are readable lines at a terminal outside production, JSON otherwise', async () => {
    expect(prettyWhenInteractive('production', true)).toBeUndefined();
    expect(prettyWhenInteractive('development', false)).toBeUndefined();
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(chunk.toString());
        cb();
      },
    });
    const logger = createRootLogger('info', prettyWhenInteractive('development', true, sink));
    logger.info({ context: 'Test' }, 'hello there');
    // pino-pretty writes on its own schedule: wait for the line, not for a fixed time.
    for (let i = 0; i < 200 && !lines.join('').includes('hello there'); i++) await new Promise((r) => setImmediate(r));
    const out = lines.join('');
    expect(out).toContain('hello there');
    expect(out.trim().startsWith('{')).toBe(false);
  });
});
