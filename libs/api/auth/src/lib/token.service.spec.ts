import { JwtService } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import type { PulseboardConfig } from '@pulseboard/api/core';
import { JWT_AUDIENCE, JWT_ISSUER, TokenService } from './token.service';
import type { UserState, UserStateService } from './user-state.service';

const SECRET = 'unit-secret-0123456789abcdef';
const key = (s: string) => createSecretKey(Buffer.from(s)) as unknown as string;

const alice = { id: '0190a1b2-0000-7000-8000-000000000001', username: 'alice', role: 'operator' as const, tokenVersion: 3 };

function service(secret = SECRET, expiresInSec = 60) {
  const jwt = new JwtService({ secret: key(secret) });
  const state: UserState = { ...alice, disabled: false };
  // The one collaborator played by a stub: this is a unit test of TokenService alone.
  const states = { get: async (id: string) => (id === alice.id ? state : null) } as unknown as UserStateService;
  const tokens = new TokenService(jwt, { jwtExpiresInSec: expiresInSec } as PulseboardConfig, states);
  return { jwt, tokens, state };
}

const authUser = { id: alice.id, username: alice.username, role: alice.role };

describe('TokenService', () => {
  afterEach(() => jest.useRealTimers());

  it('verifies the signature once per token, then answers from memory until it expires', async () => {
    const { jwt, tokens } = service();
    const verify = jest.spyOn(jwt, 'verifyAsync');
    const token = await tokens.issue(alice);
    expect(await tokens.verify(token)).toEqual(authUser);
    expect(await tokens.verify(token)).toEqual(authUser);
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
    expect(await tokens.verify(good)).toEqual(authUser);
  });

  it('signs HS256 with issuer and audience', async () => {
    const { tokens } = service();
    const [h, p] = (await tokens.issue(alice)).split('.');
    expect(JSON.parse(Buffer.from(h, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(JSON.parse(Buffer.from(p, 'base64url').toString())).toMatchObject({ iss: JWT_ISSUER, aud: JWT_AUDIENCE, ver: 3 });
  });

  it('refuses a token of another algorithm, issuer or audience, or without a version, although signed with the key', async () => {
    const { jwt, tokens } = service();
    const claims = { sub: alice.id, username: 'alice', role: 'operator', ver: 3 };
    const ok = { issuer: JWT_ISSUER, audience: JWT_AUDIENCE, expiresIn: 60 };
    const bad = [
      await jwt.signAsync(claims, { ...ok, algorithm: 'HS512' }),
      await jwt.signAsync(claims, { ...ok, issuer: 'someone-else' }),
      await jwt.signAsync(claims, { ...ok, audience: 'another-api' }),
      await jwt.signAsync(claims, { expiresIn: 60, algorithm: 'HS256' }),
      await jwt.signAsync({ ...claims, ver: undefined }, { ...ok, algorithm: 'HS256' }),
      // alg "none": header and claims, no signature.
      `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ ...claims, iss: JWT_ISSUER, aud: JWT_AUDIENCE, exp: Math.floor(Date.now() / 1000) + 60 })).toString('base64url')}.`,
    ];
    for (const t of bad) expect(await tokens.verify(t)).toBeNull();
    expect(await tokens.verify(await jwt.signAsync(claims, { ...ok, algorithm: 'HS256' }))).toEqual(authUser);
  });

  it("answers with the user's current role, and refuses the token once the user is disabled or its version moved", async () => {
    const { tokens, state } = service();
    const token = await tokens.issue(alice);
    state.role = 'viewer';
    expect(await tokens.verify(token)).toEqual({ ...authUser, role: 'viewer' });
    state.disabled = true;
    expect(await tokens.verify(token)).toBeNull();
    state.disabled = false;
    state.tokenVersion = 4;
    expect(await tokens.verify(token)).toBeNull();
  });
});
