// Refuses JSON bodies nested deeper than a limit before they are parsed: validation and transformation recurse per
// level, so a body of 5,000 nested arrays would otherwise exhaust the stack (a 500 for client input).
import { BadRequestException } from '@nestjs/common';

export const MAX_JSON_DEPTH = 32;

const OPEN_OBJECT = 0x7b; // {
const OPEN_ARRAY = 0x5b; // [
const CLOSE_OBJECT = 0x7d; // }
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/** The deepest nesting of objects and arrays in `buf` (brackets inside strings do not count). */
export function jsonDepth(buf: Uint8Array): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > max) max = depth;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth--;
    }
  }
  return max;
}

/**
 * Keys the validation pipe deletes without a word (prototype-pollution defence): a client sending one is told instead
 * of losing data silently.
 */
export const RESERVED_JSON_KEYS = ['__proto__', 'constructor', 'prototype'] as const;
const RESERVED = RESERVED_JSON_KEYS.map((k) => Buffer.from(`"${k}"`));
const UNICODE_ESCAPE = Buffer.from('\\u');

/** The first reserved object key in the JSON text (not merely the word as a value), or null. */
export function reservedKey(text: string): string | null {
  let found: string | null = null;
  JSON.parse(text, function (key) {
    if (found === null && (RESERVED_JSON_KEYS as readonly string[]).includes(key)) found = key;
    return undefined; // nothing is kept: this pass only looks at the keys
  });
  return found;
}

/**
 * Throws a 400 for a body nested deeper than `max`, and for a reserved key anywhere (`__proto__`, `constructor`,
 * `prototype`: the validation pipe would drop it silently). Runs before the body is parsed into objects.
 */
export function checkJsonBody(buf: Buffer, max = MAX_JSON_DEPTH): void {
  // A body shorter than 2 × max bytes cannot nest that deep: the common small request skips the scan.
  if (buf.length > max * 2 && jsonDepth(buf) > max) throw new BadRequestException(`JSON body is nested deeper than ${max} levels`);
  // The reviver pass runs only for bodies that contain one of the words at all, or a \u escape that could spell one.
  if (RESERVED.some((word) => buf.includes(word)) || buf.includes(UNICODE_ESCAPE)) {
    let key: string | null = null;
    try {
      key = reservedKey(buf.toString('utf8'));
    } catch {
      return; // malformed: the parser itself answers 400
    }
    if (key) {
      throw new BadRequestException(
        `JSON body has a "${key}" key, which is not allowed (${RESERVED_JSON_KEYS.join(', ')} are reserved names)`,
      );
    }
  }
}
