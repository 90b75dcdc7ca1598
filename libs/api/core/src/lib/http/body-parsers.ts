// Request bodies: JSON (with the nesting and reserved-key checks), HTML forms, and nothing else parsed. A body of any
// other type is read (within the limit) and ignored, so a route without a body does not care what a client labels it.
import { BadRequestException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { parse as parseQueryString } from 'node:querystring';
import { checkJsonBody } from './json-depth';

/** The largest request body (a 1,000-event batch is well under it), in bytes and as the 413 names it. */
export const BODY_LIMIT_BYTES = 1024 * 1024;
export const BODY_LIMIT_TEXT = '1 MiB';

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/** A JSON request body as the API accepts it: an object or an array, at most MAX_JSON_DEPTH deep, no reserved keys. */
export function parseJsonBody(buf: Buffer): unknown {
  let i = 0;
  while (i < buf.length && WHITESPACE.has(buf[i])) i++;
  // An empty body is an empty object (what clients that send the JSON header on a bodiless POST mean).
  if (i === buf.length) return {};
  const first = buf[i];
  if (first !== 0x7b && first !== 0x5b) {
    throw new BadRequestException('Malformed JSON body: the body must be a JSON object or array');
  }
  checkJsonBody(buf);
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch (e) {
    throw new BadRequestException(`Malformed JSON body: ${(e as Error).message}`);
  }
}

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)/i;

/** JSON is read as UTF-8: a body declared in another charset is refused rather than misread. */
export function checkJsonCharset(contentType: string | undefined): void {
  const charset = CHARSET.exec(contentType ?? '')?.[1].toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new UnsupportedMediaTypeException(`Unsupported charset "${charset}": send JSON as UTF-8`);
  }
}

export function registerBodyParsers(instance: FastifyInstance, bodyLimit: number): void {
  instance.removeAllContentTypeParsers();
  instance.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit }, (req, body, done) => {
    try {
      checkJsonCharset(req.headers['content-type']);
      done(null, parseJsonBody(body as Buffer));
    } catch (e) {
      done(e as Error, undefined);
    }
  });
  instance.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit }, (_req, body, done) => {
    done(null, { ...parseQueryString(body as string) });
  });
  instance.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_req, _body, done) => done(null, undefined));
}
