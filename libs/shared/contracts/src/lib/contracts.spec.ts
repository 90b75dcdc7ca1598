import { isValidTopic, roleAtLeast } from '../index';

describe('roleAtLeast', () => {
  it('orders admin > operator > viewer', () => {
    expect(roleAtLeast('admin', 'operator')).toBe(true);
    expect(roleAtLeast('operator', 'operator')).toBe(true);
    expect(roleAtLeast('viewer', 'operator')).toBe(false);
    expect(roleAtLeast('operator', 'admin')).toBe(false);
  });
});

describe('isValidTopic', () => {
  it('accepts the static topics and per-resource topics with a uuid', () => {
    expect(isValidTopic('blocks')).toBe(true);
    expect(isValidTopic('counter:0b7f3c1e-6a1d-4f53-9a8e-2c4b1f0d9e77')).toBe(true);
    expect(isValidTopic('job:0b7f3c1e-6a1d-4f53-9a8e-2c4b1f0d9e77')).toBe(true);
  });
  it('refuses unknown topics, malformed ids and non-strings', () => {
    expect(isValidTopic('users')).toBe(false);
    expect(isValidTopic('counter:abc')).toBe(false);
    expect(isValidTopic(42)).toBe(false);
  });
});
