/**
 * Counts a TCP socket's writes to the kernel (`_write` for one chunk, `_writev` for several) until `restore()`: what
 * corking saves shows as fewer writes for the same bytes.
 */
export function countSocketWrites(socket: object): { count: () => number; restore: () => void } {
  const s = socket as Record<'_write' | '_writev', (...args: unknown[]) => unknown>;
  const originals = { _write: s._write, _writev: s._writev };
  let n = 0;
  for (const m of ['_write', '_writev'] as const) {
    s[m] = function (this: unknown, ...args: unknown[]) {
      n++;
      return originals[m].apply(this, args);
    };
  }
  return {
    count: () => n,
    restore: () => {
      s._write = originals._write;
      s._writev = originals._writev;
    },
  };
}
