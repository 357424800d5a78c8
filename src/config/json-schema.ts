import * as z from 'zod';
import { authConfigSchema } from './schema.js';

/**
 * The JSON Schema (draft 2020-12) of {@link AuthConfig}, for editors and config linters.
 *
 * @example
 * ```ts
 * await writeFile('auth.schema.json', JSON.stringify(authConfigJsonSchema(), null, 2));
 * ```
 */
export function authConfigJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(authConfigSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
