// Security headers on every answer (helmet's): a Content-Security-Policy the built console runs under, no framing,
// no MIME sniffing, a strict referrer policy, and HSTS in production (where TLS ends in front of the API).
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The console's policy. Scripts and styles come from the API's own origin; component styles are inline <style>
 * elements (Angular adds them at run time), hence 'unsafe-inline' for styles only; photos of image.fetch jobs come from
 * the image host's https URLs; socket.io connects to the same origin.
 */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'https:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

export function securityHeaderOptions(production: boolean): HelmetOptions {
  return {
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    // X-Frame-Options for browsers without frame-ancestors.
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    strictTransportSecurity: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    // The console loads nothing cross-origin that would need these relaxed.
    crossOriginEmbedderPolicy: false,
  };
}

/**
 * The headers helmet sets for these options. They depend on nothing in the request, so they are computed once
 * (@fastify/helmet rebuilds helmet's middleware, parsing the CSP, on every request: 7 % of a small request's CPU).
 */
export function securityHeaderValues(production: boolean): Record<string, string> {
  const headers: Record<string, string> = {};
  const capture = {
    setHeader: (name: string, value: string | number) => void (headers[name] = String(value)),
    removeHeader: (name: string) => void delete headers[name],
  };
  let failure: unknown;
  helmet(securityHeaderOptions(production))({} as IncomingMessage, capture as unknown as ServerResponse, (e?: unknown) => (failure = e));
  if (failure) throw failure;
  return headers;
}

/** Sets the headers on every answer; returns them for answers given outside the hooks. */
export function useSecurityHeaders(instance: FastifyInstance, production: boolean): Record<string, string> {
  const headers = securityHeaderValues(production);
  instance.addHook('onRequest', (_req, reply, done) => {
    void reply.headers(headers);
    done();
  });
  return headers;
}
