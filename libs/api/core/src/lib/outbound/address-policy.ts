// Which addresses an outbound call to a user-chosen URL may reach: everything public, nothing internal (loopback,
// private, link-local and cloud metadata, CGNAT, multicast, unspecified, reserved, and their IPv6 and IPv4-mapped
// forms), except hosts named in WEBHOOK_ALLOWED_HOSTS.
import { BlockList, isIP } from 'node:net';

const RULES: [string, string, number, 'ipv4' | 'ipv6'][] = [
  ['unspecified', '0.0.0.0', 8, 'ipv4'],
  ['private', '10.0.0.0', 8, 'ipv4'],
  ['CGNAT', '100.64.0.0', 10, 'ipv4'],
  ['loopback', '127.0.0.0', 8, 'ipv4'],
  ['link-local', '169.254.0.0', 16, 'ipv4'],
  ['private', '172.16.0.0', 12, 'ipv4'],
  ['reserved', '192.0.0.0', 24, 'ipv4'],
  ['documentation', '192.0.2.0', 24, 'ipv4'],
  ['private', '192.168.0.0', 16, 'ipv4'],
  ['benchmarking', '198.18.0.0', 15, 'ipv4'],
  ['documentation', '198.51.100.0', 24, 'ipv4'],
  ['documentation', '203.0.113.0', 24, 'ipv4'],
  ['multicast', '224.0.0.0', 4, 'ipv4'],
  ['reserved', '240.0.0.0', 4, 'ipv4'],
  ['unspecified', '::', 128, 'ipv6'],
  ['loopback', '::1', 128, 'ipv6'],
  ['private', 'fc00::', 7, 'ipv6'],
  ['link-local', 'fe80::', 10, 'ipv6'],
  ['site-local', 'fec0::', 10, 'ipv6'],
  ['multicast', 'ff00::', 8, 'ipv6'],
  ['documentation', '2001:db8::', 32, 'ipv6'],
  ['discard', '100::', 64, 'ipv6'],
];

const lists = new Map<string, BlockList>();
for (const [rule, net, prefix, family] of RULES) {
  const list = lists.get(rule) ?? new BlockList();
  list.addSubnet(net, prefix, family);
  lists.set(rule, list);
}

/** The IPv4 address an IPv6 address embeds (IPv4-mapped ::ffff:a.b.c.d, IPv4-compatible, NAT64 64:ff9b::/96), if any. */
function embeddedIpv4(ip: string): string | null {
  const lower = ip.toLowerCase();
  const dotted = /^(?:::ffff:|::|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const hi = parseInt(hex[1], 16);
    const lo = parseInt(hex[2], 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return null;
}

/** The rule an address breaks ('loopback', 'private', 'link-local', …), or null for a public address. */
export function internalAddressRule(ip: string): string | null {
  const family = isIP(ip);
  if (family === 0) return 'not an IP address';
  if (family === 6) {
    const v4 = embeddedIpv4(ip);
    if (v4) return internalAddressRule(v4);
  }
  for (const [rule, list] of lists) if (list.check(ip, family === 4 ? 'ipv4' : 'ipv6')) return rule;
  return null;
}

/** `WEBHOOK_ALLOWED_HOSTS` parsed: `host` allows every port, `host:port` one port ([v6]:port for IPv6). */
export interface AllowedHosts {
  allows(host: string, port: number): boolean;
}

export function parseAllowedHosts(raw: string | undefined | null): AllowedHosts {
  const entries = (raw ?? '')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean)
    .map((e) => {
      const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(e) ?? /^([^:]+)(?::(\d+))?$/.exec(e) ?? [e, e, undefined];
      return { host: m[1].replace(/\.$/, ''), port: m[2] === undefined ? null : Number(m[2]) };
    });
  return {
    allows(host: string, port: number) {
      const h = host
        .toLowerCase()
        .replace(/^\[|\]$/g, '')
        .replace(/\.$/, '');
      return entries.some((e) => e.host === h && (e.port === null || e.port === port));
    },
  };
}
