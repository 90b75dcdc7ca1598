// Payload fields a job type marks secret in its JSON Schema (`"x-secret": true`, or `"x-secret": "userinfo"` for the
// credentials of a URL) are stored and used, never shown: every read path gets them as "***".
import { redactUrl } from '@pulseboard/api/core';
import type { JsonSchema } from './job-handler';

export const SECRET_MASK = '***';

function mask(value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    // Keep the names (e.g. which headers are sent), hide the values.
    return Object.fromEntries(Object.keys(value).map((k) => [k, SECRET_MASK]));
  }
  return SECRET_MASK;
}

/** `payload` with every field `schema` marks secret masked; unmarked fields unchanged (nothing is copied when none is marked). */
export function redactPayload(schema: JsonSchema, payload: unknown): unknown {
  const props = schema['properties'] as Record<string, JsonSchema> | undefined;
  if (!props || !payload || typeof payload !== 'object' || Array.isArray(payload)) return payload;
  let out: Record<string, unknown> | null = null;
  for (const [key, sub] of Object.entries(props)) {
    const value = (payload as Record<string, unknown>)[key];
    if (value === undefined) continue;
    const secret = sub['x-secret'];
    const next =
      secret === true ? mask(value) : secret === 'userinfo' && typeof value === 'string' ? redactUrl(value) : redactPayload(sub, value);
    if (next !== value) {
      out ??= { ...(payload as Record<string, unknown>) };
      out[key] = next;
    }
  }
  return out ?? payload;
}

/** Whether a schema marks any field secret (the type then needs redaction on every read). */
export function hasSecrets(schema: JsonSchema): boolean {
  return JSON.stringify(schema).includes('"x-secret"');
}
