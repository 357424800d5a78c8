// Where a signer's credentials come from: fixed, or from a provider through a TokenManager
// (refresh ahead of expiry, one call for all concurrent requests, any token store).
import { randomUUID } from 'node:crypto';
import { AuthError, invalidConfig } from '../../errors.js';
import { lifecycleOptions } from '../../oauth2/lifecycle-options.js';
import type { Token } from '../../token.js';
import { TokenManager } from '../../token-manager/token-manager.js';
import type { AwsCredentialProvider, AwsCredentials, AwsSigV4AuthOptions } from './types.js';

/** Credentials as the signer uses them, and the value a 401 for them is matched by. */
export interface CurrentCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string | undefined;
  /** What `context.credential` records (the stored token), for a provider's credentials. */
  readonly stored: string | undefined;
}

/** Fixed credentials, or a provider's behind a {@link TokenManager}. */
export interface CredentialSource {
  /** The credentials to sign with now, if known without waiting. */
  current(): CurrentCredentials | undefined;
  /** Waits for credentials (the first, or a refresh). */
  get(signal: AbortSignal | undefined): Promise<CurrentCredentials>;
  /** A 401 for `stored`: fetch new credentials once. `false` for fixed ones. */
  reject(stored: unknown, signal: AbortSignal | undefined): Promise<boolean>;
  close(): Promise<void>;
}

/** Checks fixed credentials, or sets up a provider's lifecycle. */
export function credentialSource(options: AwsSigV4AuthOptions, field: string): CredentialSource {
  const { credentials } = options;
  if (typeof credentials === 'function') return providerSource(options, credentials, field);
  const fixed = checkCredentials(credentials, `${field}.credentials`);
  const current: CurrentCredentials = { accessKeyId: fixed.accessKeyId, secretAccessKey: fixed.secretAccessKey, sessionToken: fixed.sessionToken, stored: undefined };
  return {
    current: () => current,
    get: () => Promise.resolve(current),
    reject: () => Promise.resolve(false),
    close: () => Promise.resolve(),
  };
}

function providerSource(options: AwsSigV4AuthOptions, provider: AwsCredentialProvider, field: string): CredentialSource {
  if (options.cacheKey !== undefined && (typeof options.cacheKey !== 'string' || options.cacheKey === '')) throw invalidConfig(`${field}.cacheKey`, 'a non-empty string');
  const manager = new TokenManager({
    ...lifecycleOptions(options),
    name: field,
    key: { grant: 'aws-sigv4', tokenUrl: `aws:${options.service}:${options.region}`, subject: options.cacheKey ?? `instance:${randomUUID()}` },
    fetchToken: async ({ signal }) => {
      const given = await provider({ signal });
      const checked = checkCredentials(given, `${field}.credentials()`, true);
      const now = Date.now();
      const expiration = given.expiration instanceof Date ? given.expiration.getTime() : given.expiration;
      if (expiration !== undefined && !Number.isFinite(expiration)) throw providerError(field, 'an expiration that is a Date or epoch milliseconds');
      const token: Token = {
        accessToken: JSON.stringify([checked.accessKeyId, checked.secretAccessKey, checked.sessionToken ?? '']),
        tokenType: 'AWS4-HMAC-SHA256',
        issuedAt: now,
        expiresAt: expiration ?? now + (options.defaultExpiresInMs ?? 3_600_000),
      };
      return token;
    },
  });
  // The token holds the three values as JSON; the last one read is kept parsed.
  let last: CurrentCredentials | undefined;
  const parse = (token: Token): CurrentCredentials => {
    if (last?.stored === token.accessToken) return last;
    const [accessKeyId, secretAccessKey, sessionToken] = JSON.parse(token.accessToken) as [string, string, string];
    last = { accessKeyId, secretAccessKey, sessionToken: sessionToken === '' ? undefined : sessionToken, stored: token.accessToken };
    return last;
  };
  return {
    current() {
      const token = manager.currentToken();
      return token === undefined ? undefined : parse(token);
    },
    get: async (signal) => parse(await manager.getToken(signal === undefined ? {} : { signal })),
    async reject(stored, signal) {
      if (typeof stored !== 'string') return false;
      await manager.rejectToken(stored, signal === undefined ? {} : { signal });
      return true;
    },
    close: () => manager.close(),
  };
}

/** Checks an access key pair; the secret is never quoted. */
function checkCredentials(value: unknown, field: string, fromProvider = false): AwsCredentials {
  const fail = (name: string, expected: string): AuthError => (fromProvider ? providerError(field, `${name} as ${expected}`) : invalidConfig(`${field}.${name}`, expected));
  if (typeof value !== 'object' || value === null) {
    if (fromProvider) throw providerError(field, 'an object { accessKeyId, secretAccessKey, sessionToken? }');
    throw invalidConfig(field, 'an object { accessKeyId, secretAccessKey, sessionToken? } or a function returning one');
  }
  const { accessKeyId, secretAccessKey, sessionToken } = value as Record<string, unknown>;
  if (typeof accessKeyId !== 'string' || !/^[\x21-\x7e]+$/.test(accessKeyId)) throw fail('accessKeyId', 'a non-empty string of printable ASCII without spaces');
  if (typeof secretAccessKey !== 'string' || secretAccessKey === '' || /[\r\n]/.test(secretAccessKey)) throw fail('secretAccessKey', 'a non-empty string without line breaks');
  if (sessionToken !== undefined && (typeof sessionToken !== 'string' || sessionToken === '' || /[\r\n]/.test(sessionToken))) {
    throw fail('sessionToken', 'a non-empty string without line breaks, or no sessionToken');
  }
  return sessionToken === undefined ? { accessKeyId, secretAccessKey } : { accessKeyId, secretAccessKey, sessionToken };
}

function providerError(field: string, expected: string): AuthError {
  return new AuthError('ERR_AUTH_INVALID_CONFIG', `${field}: the credential provider returned no usable credentials (expected ${expected})`, { details: { field } });
}

