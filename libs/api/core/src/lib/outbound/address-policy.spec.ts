import { internalAddressRule, parseAllowedHosts } from './address-policy';

// The address check alone: nothing here opens a connection.
describe('internalAddressRule', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['100.64.0.1', 'CGNAT'],
    ['100.127.255.254', 'CGNAT'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['240.0.0.1', 'reserved'],
    ['64:ff9b::10.0.0.1', 'private'],
  ])('refuses %s (%s)', (ip, rule) => {
    expect(internalAddressRule(ip)).toBe(rule);
  });

  it.each(['93.184.215.14', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])(
    'lets the public address %s through',
    (ip) => {
      expect(internalAddressRule(ip)).toBeNull();
    },
  );

  it.each([
    ['http://2130706433/', 'loopback'],
    ['http://0x7f000001/', 'loopback'],
    ['http://0177.0.0.1/', 'loopback'],
    ['http://127.1/', 'loopback'],
    ['http://[::ffff:7f00:1]/', 'loopback'],
    ['http://[0:0:0:0:0:ffff:127.0.0.1]/', 'loopback'],
    ['http://0xa9fea9fe/', 'link-local'],
  ])('sees through the spelling %s (the URL parser normalises it to an address)', (url, rule) => {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    expect(internalAddressRule(host)).toBe(rule);
  });
});

describe('parseAllowedHosts', () => {
  it('allows a named host on any port, host:port on that port only, case-insensitively', () => {
    const allowed = parseAllowedHosts(' Hooks.internal , 127.0.0.1:8080,[::1]:9000 ');
    expect(allowed.allows('hooks.internal', 443)).toBe(true);
    expect(allowed.allows('HOOKS.INTERNAL.', 80)).toBe(true);
    expect(allowed.allows('127.0.0.1', 8080)).toBe(true);
    expect(allowed.allows('127.0.0.1', 8081)).toBe(false);
    expect(allowed.allows('[::1]', 9000)).toBe(true);
    expect(allowed.allows('other', 80)).toBe(false);
  });

  it('allows nothing when empty', () => {
    expect(parseAllowedHosts('').allows('localhost', 80)).toBe(false);
    expect(parseAllowedHosts(undefined).allows('127.0.0.1', 80)).toBe(false);
  });
});
