import { invalidConfig } from '../errors.js';

/**
 * A reference to an environment variable, so that config files hold no secrets.
 *
 * @example
 * ```ts
 * const clientSecret: EnvReference = { env: 'CLIENT_SECRET' }; // read from process.env by createAuth
 * ```
 */
export interface EnvReference {
  /** The variable's name, e.g. `GITHUB_CLIENT_SECRET`. */
  readonly env: string;
}

/**
 * A secret in config: the value itself, or `{ "env": "NAME" }` to read it from the environment
 * when the authenticator is created.
 *
 * @example
 * ```ts
 * const password: SecretValue = { env: 'API_PASSWORD' };
 * ```
 */
export type SecretValue = string | EnvReference;

/**
 * A file to read a PEM or PKCS#12 value from, relative to {@link CreateAuthOptions.baseDir} (or the working directory).
 *
 * @example
 * ```ts
 * const cert: FileReference = { file: 'certs/client.crt' }; // relative to createAuth's baseDir
 * ```
 */
export interface FileReference {
  /** The path. */
  readonly file: string;
}

/**
 * TLS material in config: the PEM text, `{ "env": "NAME" }`, or `{ "file": "path" }`.
 *
 * @example
 * ```ts
 * const key: PemSource = { env: 'CLIENT_KEY_PEM' };
 * ```
 */
export type PemSource = string | EnvReference | FileReference;

/**
 * Where {@link resolveSecret} reads variables; `process.env` by default.
 *
 * @example
 * ```ts
 * const env: SecretEnvironment = { API_TOKEN: await secretsManager.get('api-token') };
 * const auth = createAuth({ type: 'bearer', token: { env: 'API_TOKEN' } }, { env });
 * ```
 */
export type SecretEnvironment = Readonly<Record<string, string | undefined>>;

/**
 * The value of a {@link SecretValue}. A missing or empty variable is `ERR_AUTH_INVALID_CONFIG`
 * naming the field and the variable (never a value).
 *
 * @example
 * ```ts
 * resolveSecret({ env: 'TOKEN' }, 'bearer.token', { TOKEN: 'abc' }); // 'abc'
 * ```
 */
export function resolveSecret(value: SecretValue, field: string, env: SecretEnvironment = process.env, allowEmpty = false): string {
  if (typeof value === 'string') return value;
  const resolved = env[value.env];
  if (resolved === undefined || (!allowEmpty && resolved === '')) {
    throw invalidConfig(field, `the environment variable ${value.env} to be set`);
  }
  return resolved;
}
