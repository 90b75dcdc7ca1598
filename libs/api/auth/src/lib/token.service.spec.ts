import { JwtService } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import type { PulseboardConfig } from '@pulseboard/api/core';
import { TokenService } from './token.service';

const key = (s: string) => createSecretKey(Buffer.from(s)) as unknown as string;

function service(secret = 'unit-secret-0123456789abcdef', expiresInSec = 60) {
  const jwt = new JwtService({ secret: key(secret) });
  const tokens = new TokenService(jwt, { jwtExpiresInSec: expiresInSec } as PulseboardConfig);
  return { jwt, tokens };
}

const alice = { id: '0190a1b2-0000-7000-8000-000000000001', username: 'alice', role: 'operator' as const };

describe('TokenService', () => {
  afterEach(() => jest.useRealTimers());

  it('verifies the signature once per token, then answers from memory until it expires', async () => {
    const { jwt, tokens } = service();
    const verify = jest.spyOn(jwt, 'verifyAsync');
    const token = await tokens.issue(alice);
    expect(await tokens.verify(token)).toEqual(alice);
    expect(await tokens.verify(token)).toEqual(alice);
    expect(verify).toHaveBeenCalledTimes(1);

    jest.useFakeTimers({ now: Date.now() + 61_000 });
    expect(await tokens.verify(token)).toBeNull();
  });

  it('refuses a token signed with another key, a tampered token and garbage, and remembers none of them', async () => {
    const { jwt, tokens } = service();
    const verify = jest.spyOn(jwt, 'verifyAsync');
    const foreign = await service('another-secret-0123456789abcdef').tokens.issue(alice);
    const good = await tokens.issue(alice);
    const [h, p, s] = good.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const tampered = [h, Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url'), s].join('.');
    for (const t of [foreign, tampered, 'not-a-token', '']) {
      expect(await tokens.verify(t)).toBeNull();
      expect(await tokens.verify(t)).toBeNull();
    }
    expect(verify).toHaveBeenCalledTimes(6); // '' never reaches the check
    expect(await tokens.verify(good)).toEqual(alice);
  });
});
