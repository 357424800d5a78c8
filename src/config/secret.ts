import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
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
 * A file to read a value from (a PEM key or certificate, a PKCS#12 bundle, a JWK or a service
 * account's JSON), relative to {@link CreateAuthOptions.baseDir} (or the working directory).
 * The file is read when the authenticator is created.
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
 * Key material in config (TLS certificates and keys, private keys, JWKs, a service account's
 * JSON): the text, `{ "env": "NAME" }`, or `{ "file": "path" }`.
 *
 * @example
 * ```ts
 * const key: PemSource = { file: 'keys/signing.pem' };
 * ```
 */
export type PemSource = string | EnvReference | FileReference;

/** How createAuth's builders read a config value: a {@link SecretValue}, or a file for key material. */
export type ReadSecret = (value: PemSource, field: string, allowEmpty?: boolean) => string;

/** The bytes of a `{ "file" }` reference; a file that cannot be read is `ERR_AUTH_INVALID_CONFIG` naming the field and the path. */
export function readConfigFile(baseDir: string, path: string, field: string): Buffer {
  try {
    return readFileSync(resolve(baseDir, path));
  } catch {
    throw invalidConfig(field, `a readable file at ${path}`);
  }
}

/**
 * Reads a {@link PemSource}: a file as UTF-8 text without one final line break (what `echo` and
 * editors add; a shared secret read from a file must not end in it), anything else as
 * {@link resolveSecret} does. An empty file is refused unless `allowEmpty`.
 */
export function resolvePemSource(value: PemSource, field: string, env: SecretEnvironment, baseDir: string, allowEmpty = false): string {
  if (typeof value === 'string' || !('file' in value)) return resolveSecret(value, field, env, allowEmpty);
  const text = readConfigFile(baseDir, value.file, field).toString('utf8').replace(/\r?\n$/, '');
  if (!allowEmpty && text.trim() === '') throw invalidConfig(field, `a non-empty file at ${value.file}`);
  return text;
}

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
