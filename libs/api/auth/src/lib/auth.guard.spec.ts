import { bearerToken, defaultRole } from './auth.guard';

describe('defaultRole', () => {
  it('needs viewer to read and operator to change', () => {
    expect(defaultRole('GET')).toBe('viewer');
    expect(defaultRole('HEAD')).toBe('viewer');
    for (const m of ['POST', 'PUT', 'PATCH', 'DELETE']) expect(defaultRole(m)).toBe('operator');
  });
});

describe('bearerToken', () => {
  it('reads a Bearer token and ignores other schemes', () => {
    expect(bearerToken({ headers: { authorization: 'Bearer abc.def.ghi' } })).toBe('abc.def.ghi');
    expect(bearerToken({ headers: { authorization: 'bearer   xyz' } })).toBe('xyz');
    expect(bearerToken({ headers: { authorization: 'Basic Zm9vOmJhcg==' } })).toBeNull();
    expect(bearerToken({ headers: {} })).toBeNull();
  });
});
