// Job payloads checked by ajv against the JSON Schema each type publishes (GET /api/jobs/types), compiled once per
// type, with messages that name the field (`payload.filter.colour is not allowed`). Keys like `__proto__` and
// `constructor` are unknown keys like any other.
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import type { JsonSchema } from './job-handler';

const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, useDefaults: false, coerceTypes: false });
// Pulseboard's own annotations: a human message for a pattern, and the fields never shown back (see secrets.ts).
ajv.addKeyword({ keyword: 'errorMessage', schemaType: 'string' });
ajv.addKeyword({ keyword: 'x-secret', schemaType: ['boolean', 'string'] });

const article = (type: string) => (/^[aeiou]/.test(type) ? 'an' : 'a');

function pathOf(e: ErrorObject): string {
  const parts = e.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  return ['payload', ...parts].join('.');
}

function message(e: ErrorObject): string {
  const path = pathOf(e);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'type':
      return `${path} must be ${article(String(p['type']))} ${p['type']}`;
    case 'enum':
      return `${path} must be one of ${(p['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'minimum':
      return `${path} must not be less than ${p['limit']}`;
    case 'maximum':
      return `${path} must not be greater than ${p['limit']}`;
    case 'minLength':
      return `${path} must be at least ${p['limit']} characters long`;
    case 'maxLength':
      return `${path} must be at most ${p['limit']} characters long`;
    case 'pattern': {
      const custom = (e.parentSchema as { errorMessage?: string } | undefined)?.errorMessage;
      return custom ? custom.replace('{path}', path) : `${path} must match ${p['pattern']}`;
    }
    case 'required':
      return `${path}.${p['missingProperty']} is required`;
    case 'additionalProperties':
      return `${path}.${p['additionalProperty']} is not allowed`;
    default:
      return `${path} ${e.message ?? 'is not valid'}`;
  }
}

/** Compiles `schema` once; the returned function lists what is wrong with a payload (empty: acceptable). */
export function compilePayloadSchema(schema: JsonSchema): (payload: unknown) => string[] {
  const validate: ValidateFunction = ajv.compile(schema);
  return (payload) => {
    if (validate(payload)) return [];
    const errors = validate.errors ?? [];
    // A value of the wrong type gets that one message, as a person would want (not also "must be one of").
    const wrongType = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
    return [...new Set(errors.filter((e) => e.keyword === 'type' || !wrongType.has(e.instancePath)).map(message))];
  };
}
