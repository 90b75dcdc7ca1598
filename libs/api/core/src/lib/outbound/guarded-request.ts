// The one HTTP client for URLs a user chose (webhook.deliver, and any later job like it): the address actually
// connected to is checked (DNS answers included, so rebinding and odd spellings do not pass), redirects are followed
// by hand (at most 3, each target checked), at most 64 KiB of the answer is read, and the whole call has a deadline.
import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import http, { IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { isIP, LookupFunction } from 'node:net';
import { AllowedHosts, internalAddressRule } from './address-policy';

export const OUTBOUND_MAX_BYTES = 64 * 1024;
export const OUTBOUND_MAX_REDIRECTS = 3;

export interface OutboundRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
}

export interface OutboundResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** At most `maxBytes` of the body. */
  body: Buffer;
  truncated: boolean;
  /** The URL that answered (after redirects). */
  url: string;
  redirects: number;
}

/** A call refused before any connection was opened; the message names the rule and the variable. */
export class OutboundRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboundRefusedError';
  }
}

const refusal = (host: string, rule: string, ip: string) =>
  new OutboundRefusedError(
    `Refused to call ${host}: it resolves to ${ip}, a ${rule} address; outbound calls may not reach internal addresses ` +
      `(add "${host}" to WEBHOOK_ALLOWED_HOSTS to allow it)`,
  );

/** Shows a URL without its credentials (for messages and logs). */
export function redactUrl(raw: string): string {
  try {
    const u = new URL(raw);
    if (u.username || u.password) {
      u.username = u.username ? '***' : '';
      u.password = u.password ? '***' : '';
    }
    return u.toString();
  } catch {
    return raw.replace(/\/\/[^/@\s]*@/, '//***@');
  }
}

/** A DNS lookup that refuses internal answers for `host`, and connects to exactly the address it checked. */
function checkedLookup(host: string): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const bad = addresses.map((a) => ({ a, rule: internalAddressRule(a.address) })).find((x) => x.rule);
      if (bad) return callback(refusal(host, bad.rule as string, bad.a.address) as NodeJS.ErrnoException, '', 0);
      const first = addresses[0];
      if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, [first]);
      else callback(null, first.address, first.family);
    });
  };
}

function hop(
  url: URL,
  req: OutboundRequest,
  allowed: AllowedHosts,
  deadline: number,
  maxBytes: number,
): Promise<Omit<OutboundResponse, 'url' | 'redirects'>> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return Promise.reject(new OutboundRefusedError(`Refused to call ${url.protocol}// URLs: only http and https are allowed`));
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const trusted = allowed.allows(host, port);
  if (!trusted && isIP(host)) {
    const rule = internalAddressRule(host);
    if (rule) return Promise.reject(refusal(host, rule, host));
  }
  const remaining = deadline - Date.now();
  if (remaining <= 0) return Promise.reject(new Error(`timed out after ${req.timeoutMs} ms`));
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const r = client.request(
      url,
      {
        method: req.method ?? 'GET',
        headers: req.headers,
        lookup: trusted ? undefined : checkedLookup(host),
        timeout: remaining,
        // A fresh connection per call: a pooled socket to another host must never be reused for this one.
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        const done = () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), truncated });
        res.on('data', (c: Buffer) => {
          if (size + c.length > maxBytes) {
            chunks.push(c.subarray(0, maxBytes - size));
            size = maxBytes;
            truncated = true;
            res.destroy();
            done();
            return;
          }
          chunks.push(c);
          size += c.length;
        });
        res.on('end', done);
        res.on('error', (e) => (truncated ? undefined : reject(e)));
      },
    );
    const timer = setTimeout(() => r.destroy(new Error(`timed out after ${req.timeoutMs} ms`)), remaining);
    r.on('close', () => clearTimeout(timer));
    r.on('timeout', () => r.destroy(new Error(`timed out after ${req.timeoutMs} ms`)));
    r.on('error', reject);
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}

/** Sends `req` under the outbound rules; `allowed` is WEBHOOK_ALLOWED_HOSTS parsed. */
export async function guardedRequest(req: OutboundRequest, allowed: AllowedHosts): Promise<OutboundResponse> {
  const maxRedirects = req.maxRedirects ?? OUTBOUND_MAX_REDIRECTS;
  const deadline = Date.now() + (req.timeoutMs ?? 15_000);
  let url = new URL(req.url);
  let current: OutboundRequest = req;
  for (let redirects = 0; ; redirects++) {
    const res = await hop(url, current, allowed, deadline, req.maxBytes ?? OUTBOUND_MAX_BYTES);
    const location = res.headers.location;
    if (res.status < 300 || res.status > 399 || !location) return { ...res, url: url.toString(), redirects };
    if (redirects >= maxRedirects)
      throw new Error(`stopped after ${maxRedirects} redirects (the last to ${redactUrl(new URL(location, url).toString())})`);
    const next = new URL(location, url);
    const crossOrigin = next.origin !== url.origin;
    // 303, and 301/302 after a POST, continue as a GET without a body (what browsers do); 307/308 keep both.
    const asGet = res.status === 303 || ((res.status === 301 || res.status === 302) && (current.method ?? 'GET') === 'POST');
    current = {
      ...current,
      method: asGet ? 'GET' : current.method,
      body: asGet ? undefined : current.body,
      // The caller's headers (credentials among them) are for the host it named, not for wherever it redirects to.
      headers: crossOrigin ? undefined : current.headers,
    };
    url = next;
  }
}
