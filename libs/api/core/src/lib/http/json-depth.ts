// Refuses JSON bodies nested deeper than a limit before they are parsed: validation and transformation recurse per
// level, so a body of 5,000 nested arrays would otherwise exhaust the stack (a 500 for client input).
import type { IncomingMessage } from 'node:http';

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

/** body-parser `verify` hook: a 400 naming the limit for a body nested deeper than `max`. */
export function rejectDeepJson(max = MAX_JSON_DEPTH) {
  return (_req: IncomingMessage, _res: unknown, buf: Buffer): void => {
    // A body shorter than 2 × max bytes cannot nest that deep: the common small request skips the scan.
    if (buf.length <= max * 2 || jsonDepth(buf) <= max) return;
    throw Object.assign(new Error(`JSON body is nested deeper than ${max} levels`), { status: 400, expose: true, type: 'entity.verify.failed' });
  };
}
