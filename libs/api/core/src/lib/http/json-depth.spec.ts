import { jsonDepth, MAX_JSON_DEPTH, rejectDeepJson } from './json-depth';

const buf = (s: string) => Buffer.from(s);

describe('jsonDepth', () => {
  it('counts the deepest nesting of objects and arrays', () => {
    expect(jsonDepth(buf('1'))).toBe(0);
    expect(jsonDepth(buf('{"a":[1,{"b":[]}]}'))).toBe(4);
    expect(jsonDepth(buf('[[],[[]]]'))).toBe(3);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonDepth(buf('{"a":"[[[[{{{{"}'))).toBe(1);
    expect(jsonDepth(buf('{"a":"\\"[[[["}'))).toBe(1);
  });
});

describe('rejectDeepJson', () => {
  const verify = rejectDeepJson();
  it(`accepts a body nested ${MAX_JSON_DEPTH} levels deep`, () => {
    expect(() => verify({} as never, {}, buf('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH)))).not.toThrow();
  });

  it('refuses a deeper body with a 400 that names the limit', () => {
    const deep = buf('['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1));
    expect(() => verify({} as never, {}, deep)).toThrow(expect.objectContaining({ status: 400, expose: true, message: `JSON body is nested deeper than ${MAX_JSON_DEPTH} levels` }));
  });
});
