// A small validator for the JSON Schema subset the job types use (type, properties, required,
// additionalProperties: false, minimum/maximum, minLength/maxLength, enum, pattern, items).
import type { JsonSchema } from './job-handler';

export function validateAgainstSchema(schema: JsonSchema, value: unknown, path = 'payload'): string[] {
  const errors: string[] = [];
  const type = schema['type'] as string | undefined;
  const kind = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  if (type) {
    const ok =
      type === 'integer' ? typeof value === 'number' && Number.isInteger(value)
      : type === 'number' ? typeof value === 'number' && Number.isFinite(value)
      : type === 'object' ? kind === 'object'
      : kind === type;
    if (!ok) return [`${path} must be ${type === 'integer' || type === 'object' || type === 'array' ? 'an' : 'a'} ${type}`];
  }
  const en = schema['enum'] as unknown[] | undefined;
  if (en && !en.includes(value)) errors.push(`${path} must be one of ${en.map((v) => JSON.stringify(v)).join(', ')}`);
  if (typeof value === 'number') {
    const min = schema['minimum'] as number | undefined;
    const max = schema['maximum'] as number | undefined;
    if (min !== undefined && value < min) errors.push(`${path} must not be less than ${min}`);
    if (max !== undefined && value > max) errors.push(`${path} must not be greater than ${max}`);
  }
  if (typeof value === 'string') {
    const minL = schema['minLength'] as number | undefined;
    const maxL = schema['maxLength'] as number | undefined;
    const pattern = schema['pattern'] as string | undefined;
    if (minL !== undefined && value.length < minL) errors.push(`${path} must be at least ${minL} characters long`);
    if (maxL !== undefined && value.length > maxL) errors.push(`${path} must be at most ${maxL} characters long`);
    if (pattern && !new RegExp(pattern).test(value)) {
      errors.push((schema['errorMessage'] as string | undefined)?.replace('{path}', path) ?? `${path} must match ${pattern}`);
    }
  }
  if (kind === 'object' && type === 'object') {
    const obj = value as Record<string, unknown>;
    const props = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
    for (const req of (schema['required'] as string[] | undefined) ?? []) {
      if (obj[req] === undefined) errors.push(`${path}.${req} is required`);
    }
    for (const [k, v] of Object.entries(obj)) {
      const sub = props[k];
      if (!sub) {
        const extra = schema['additionalProperties'];
        if (extra === false) errors.push(`${path}.${k} is not allowed`);
        else if (extra && typeof extra === 'object' && v !== undefined) errors.push(...validateAgainstSchema(extra as JsonSchema, v, `${path}.${k}`));
      } else if (v !== undefined) {
        errors.push(...validateAgainstSchema(sub, v, `${path}.${k}`));
      }
    }
  }
  return errors;
}
