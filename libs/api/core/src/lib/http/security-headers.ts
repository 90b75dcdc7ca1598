// Security headers on every answer (helmet): a Content-Security-Policy the built console runs under, no framing,
// no MIME sniffing, a strict referrer policy, and HSTS in production (where TLS ends in front of the API).
import type { RequestHandler } from 'express';
import helmet from 'helmet';

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

export function securityHeaders(production: boolean): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    // X-Frame-Options for browsers without frame-ancestors.
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    strictTransportSecurity: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    // The console loads nothing cross-origin that would need these relaxed.
    crossOriginEmbedderPolicy: false,
  });
}
