import { configSchema } from './schema.js';

/**
 * The JSON Schema (draft 2020-12) of {@link AuthConfig}, for editors and config linters: the same
 * document {@link createAuth} checks configs against, also shipped as `authwire/config.schema.json`.
 *
 * @example
 * ```ts
 * await writeFile('auth.schema.json', JSON.stringify(authConfigJsonSchema(), null, 2));
 * ```
 */
export function authConfigJsonSchema(): Record<string, unknown> {
  return structuredClone(configSchema()) as Record<string, unknown>;
}
