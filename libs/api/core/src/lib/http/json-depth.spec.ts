import { BadRequestException } from '@nestjs/common';
import { checkJsonBody, jsonDepth, MAX_JSON_DEPTH, reservedKey } from './json-depth';

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

describe('checkJsonBody', () => {
  const verify = checkJsonBody;
  it(`accepts a body nested ${MAX_JSON_DEPTH} levels deep`, () => {
    expect(() => verify(buf('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH)))).not.toThrow();
  });

  it('refuses a deeper body with a 400 that names the limit', () => {
    const deep = buf('['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1));
    expect(() => verify(deep)).toThrow(
      expect.objectContaining({ constructor: BadRequestException, message: `JSON body is nested deeper than ${MAX_JSON_DEPTH} levels` }),
    );
  });
});

describe('reserved keys', () => {
  const verify = checkJsonBody;
  it.each([
    ['{"__proto__":{"x":1}}', '__proto__'],
    ['{"payload":{"a":[{"__proto__":1}]}}', '__proto__'],
    ['{"payload":{"constructor":{"a":1}}}', 'constructor'],
    ['{"prototype":1}', 'prototype'],
    // The same keys spelled with JSON escapes: JSON.parse makes them the same keys.
    ['{"payload":{"__prot\\u006f__":{"isAdmin":true}}}', '__proto__'],
    ['{"payload":{"constructo\\u0072":1}}', 'constructor'],
  ])('refuses %s with a 400 naming the key', (body, key) => {
    expect(() => verify(buf(body))).toThrow(
      expect.objectContaining({
        constructor: BadRequestException,
        message: `JSON body has a "${key}" key, which is not allowed (__proto__, constructor, prototype are reserved names)`,
      }),
    );
  });

  it('lets the words through as values', () => {
    expect(reservedKey('{"title":"__proto__ and constructor"}')).toBeNull();
    expect(() => verify(buf('{"title":"constructor"}'))).not.toThrow();
  });
});
