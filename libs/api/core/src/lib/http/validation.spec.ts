import { BadRequestException } from '@nestjs/common';
import { IsObject, IsOptional, IsString } from 'class-validator';
import { FastValidated, PulseboardValidationPipe } from './validation';

// A check as strict as the rules below: known keys only, a string name, an optional object.
const isNamed = (v: unknown) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return (
    Object.keys(o).every((k) => k === 'name' || k === 'nested') &&
    typeof o['name'] === 'string' &&
    (o['nested'] === undefined || (typeof o['nested'] === 'object' && o['nested'] !== null && !Array.isArray(o['nested'])))
  );
};

@FastValidated(isNamed)
class NamedDto {
  @IsString()
  name: string;

  @IsOptional()
  @IsObject()
  nested?: object;
}

describe('PulseboardValidationPipe', () => {
  const pipe = new PulseboardValidationPipe();
  const body = { type: 'body' as const, metatype: NamedDto };

  it('lets a body its fast check accepts through as parsed, without reserved keys at any depth', async () => {
    // What JSON.parse makes of escaped keys: own properties named __proto__ and constructor.
    const parsed = JSON.parse('{"name":"a","nested":{"__prot\\u006f__":{"isAdmin":true},"constructo\\u0072":1,"ok":2}}');
    const out = (await pipe.transform(parsed, body)) as Record<string, Record<string, unknown>>;
    expect(out).toBe(parsed);
    expect(Object.keys(out['nested'])).toEqual(['ok']);
  });

  it('sends what the fast check refuses the full way, with class-validator messages', async () => {
    await expect(pipe.transform({ name: 1 }, body)).rejects.toThrow(BadRequestException);
    const refused = await pipe.transform({ name: 1, extra: true }, body).catch((e: BadRequestException) => e.getResponse());
    expect(refused).toMatchObject({ message: ['property extra should not exist', 'name must be a string'] });
  });
});

describe('PulseboardValidationPipe without a body', () => {
  const pipe = new PulseboardValidationPipe();

  it('validates no body as {} on the fast path when the check accepts it, and the full way otherwise', async () => {
    @FastValidated(() => true)
    class OptionalDto {
      @IsOptional()
      @IsString()
      name?: string;
    }
    expect(await pipe.transform(undefined, { type: 'body', metatype: OptionalDto })).toEqual({});
    // NamedDto's check refuses {} (name is required): class-validator answers, as it did before the fast path.
    await expect(pipe.transform(undefined, { type: 'body', metatype: NamedDto })).rejects.toThrow(BadRequestException);
  });
});
