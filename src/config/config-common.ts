// What every member of the typed config shares: TLS and the common fields.
import type { EnvReference, FileReference, PemSource, SecretValue } from './secret.js';

/**
 * Client certificate and CAs in config (see {@link withTls}). PEM values may come from text,
 * `{ "env": "NAME" }` or `{ "file": "path" }`; `pfx` (binary) from a file or a base64 variable.
 *
 * @example
 * ```ts
 * const tls: TlsConfig = { cert: { file: 'certs/client.crt' }, key: { env: 'CLIENT_KEY_PEM' }, ca: [{ file: 'certs/internal-ca.pem' }] };
 * ```
 */
export interface TlsConfig {
  /** Client certificate chain (PEM). */
  readonly cert?: PemSource;
  /** Private key (PEM). */
  readonly key?: PemSource;
  /** Passphrase of `key` or `pfx`. */
  readonly passphrase?: SecretValue;
  /** PKCS#12 bundle: a file, or an environment variable holding it in base64. */
  readonly pfx?: FileReference | EnvReference;
  /** CAs to trust besides the system ones. */
  readonly ca?: PemSource | readonly PemSource[];
}

/**
 * What every config member may have.
 *
 * @example
 * ```ts
 * const common: AuthConfigCommon = { tls: { ca: { file: 'certs/internal-ca.pem' } } };
 * ```
 */
export interface AuthConfigCommon {
  /** Client certificate and CAs for this authenticator's origins. */
  readonly tls?: TlsConfig;
}
