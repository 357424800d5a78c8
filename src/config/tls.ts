import type { Authenticator, ClientTls } from '../authenticator.js';
import { AuthError, isAuthError } from '../errors.js';
import { withTls } from '../strategies/client-certificate.js';
import { readConfigFile, resolvePemSource, resolveSecret, type PemSource, type SecretEnvironment } from './secret.js';
import type { TlsConfig } from './types.js';

/** Where TLS material in config is read from. */
export interface TlsSources {
  /** Environment for `{ env }` references. */
  readonly env: SecretEnvironment;
  /** Base directory for `{ file }` references. */
  readonly baseDir: string;
}

/** Applies a config member's `tls` to the authenticator built from it; `field` prefixes error paths. */
export function applyTlsConfig(authenticator: Authenticator, tls: TlsConfig | undefined, field: string, sources: TlsSources): Authenticator {
  if (tls === undefined) return authenticator;
  return renamingFields(field, () => withTls(authenticator, resolveTlsConfig(tls, field, sources)));
}

/** Reads a config member's TLS material (files, environment, text) into {@link ClientTls}. */
export function resolveTlsConfig(tls: TlsConfig, field: string, sources: TlsSources): ClientTls {
  const pem = (source: PemSource, name: string): string => resolvePemSource(source, `${field}.${name}`, sources.env, sources.baseDir);
  const material: { -readonly [K in keyof ClientTls]: ClientTls[K] } = {};
  if (tls.cert !== undefined) material.cert = pem(tls.cert, 'cert');
  if (tls.key !== undefined) material.key = pem(tls.key, 'key');
  if (tls.passphrase !== undefined) material.passphrase = resolveSecret(tls.passphrase, `${field}.passphrase`, sources.env);
  if (tls.pfx !== undefined) {
    material.pfx = 'file' in tls.pfx ? readConfigFile(sources.baseDir, tls.pfx.file, `${field}.pfx`) : Buffer.from(resolveSecret(tls.pfx, `${field}.pfx`, sources.env), 'base64');
  }
  if (tls.ca !== undefined) {
    material.ca = Array.isArray(tls.ca) ? tls.ca.map((source: PemSource, index: number) => pem(source, `ca[${index}]`)) : pem(tls.ca as PemSource, 'ca');
  }
  return material;
}

/** Runs `build`, putting the `tls.*` field names of its errors under this member's path. */
export function renamingFields<T>(field: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (!isAuthError(error) || typeof error.details.field !== 'string' || !error.details.field.startsWith('tls')) throw error;
    // withTls and tls_client_auth name fields from `tls`; put them under this member's path.
    const inner = error.details.field;
    const where = `${field.slice(0, -'tls'.length)}${inner}`;
    throw new AuthError(error.code, error.message.replace(/^[^:]*:/, `${where}:`), { details: { ...error.details, field: where } });
  }
}
