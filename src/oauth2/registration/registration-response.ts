// What a registration response must hold before authwire uses it, and how it is kept in a store.
import { isLoopback } from '../../adapter-kit/origin-policy.js';
import { AuthError } from '../../errors.js';
import type { StoredToken } from '../../stores/token-store.js';
import type { OAuth2ClientAuthMethod } from '../common-options.js';
import type { ClientMetadata, RegisteredClient } from './types.js';

const clientAuthMethods: readonly OAuth2ClientAuthMethod[] = ['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt', 'tls_client_auth', 'none'];
const secretMembers = ['client_secret', 'registration_access_token'];
/** How long a registration whose secret does not expire is kept before registering again. */
const REGISTRATION_LIFETIME_MS = 365 * 24 * 3_600_000;

/**
 * Checks a registration response (RFC 7591 §3.2.1) against what was sent: a `client_id`; every
 * redirect URI one of those asked for, and none of them plain `http:` to a host other than
 * loopback (a server, or someone between, that swaps in its own redirect URI would receive the
 * authorization codes).
 */
export function readRegistration(body: unknown, sent: ClientMetadata): RegisteredClient {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw refused('not_json', 'client registration response is not a JSON object');
  const response = body as Record<string, unknown>;
  const clientId = response['client_id'];
  if (typeof clientId !== 'string' || clientId === '') throw refused('no_client_id', 'client registration response has no client_id');
  const redirects = response['redirect_uris'];
  if (redirects !== undefined) {
    if (!Array.isArray(redirects) || redirects.some((uri) => typeof uri !== 'string')) throw refused('redirect_uris', 'client registration response: redirect_uris is not a list of URIs');
    for (const uri of redirects as string[]) {
      if (insecureRedirect(uri)) throw refused('insecure_redirect_uri', 'client registration response names a plain http redirect URI on a host other than loopback');
      if (sent.redirect_uris !== undefined && !sent.redirect_uris.includes(uri)) throw refused('redirect_uris', 'client registration response names a redirect URI that was not asked for');
    }
  }
  const secret = optionalString(response['client_secret']);
  const expires = response['client_secret_expires_at'];
  const method = response['token_endpoint_auth_method'];
  const registrationAccessToken = optionalString(response['registration_access_token']);
  const registrationClientUri = optionalString(response['registration_client_uri']);
  const metadata: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(response)) if (!secretMembers.includes(name)) metadata[name] = value;
  return {
    clientId,
    ...(secret === undefined ? {} : { clientSecret: secret }),
    ...(typeof expires === 'number' && expires > 0 ? { clientSecretExpiresAt: expires * 1000 } : {}),
    ...(clientAuthMethods.includes(method as OAuth2ClientAuthMethod) ? { clientAuth: method as OAuth2ClientAuthMethod } : {}),
    ...(registrationAccessToken === undefined ? {} : { registrationAccessToken }),
    ...(registrationClientUri === undefined ? {} : { registrationClientUri }),
    metadata,
    source: 'registered',
  };
}

/** A plain `http:` URI whose host is not loopback. Private-use schemes (RFC 8252 §7.1) pass. */
function insecureRedirect(uri: string): boolean {
  if (!URL.canParse(uri)) return true;
  const url = new URL(uri);
  return url.protocol === 'http:' && !isLoopback(url) && url.hostname !== 'localhost';
}

/**
 * The store record of a registered client: the secrets in the record's secret fields
 * (`accessToken`: registration access token, `refreshToken`: client secret), which
 * `EncryptedTokenStore` encrypts; the rest in `extra`. `expiresAt` is when the record may go: the
 * secret's expiry, or a year on for a registration without one (so a store that expires records,
 * such as Redis, keeps it that long).
 */
export function registrationRecord(client: RegisteredClient, version: number): StoredToken {
  return {
    accessToken: client.registrationAccessToken ?? '',
    ...(client.clientSecret === undefined ? {} : { refreshToken: client.clientSecret }),
    expiresAt: client.clientSecretExpiresAt ?? Date.now() + REGISTRATION_LIFETIME_MS,
    tokenType: 'client-registration',
    version,
    updatedAt: Date.now(),
    extra: {
      clientId: client.clientId,
      ...(client.clientSecretExpiresAt === undefined ? {} : { clientSecretExpiresAt: client.clientSecretExpiresAt }),
      ...(client.clientAuth === undefined ? {} : { clientAuth: client.clientAuth }),
      ...(client.registrationClientUri === undefined ? {} : { registrationClientUri: client.registrationClientUri }),
      metadata: client.metadata,
    },
  };
}

/** The registered client of a store record, or `undefined` when it is not one or its secret has expired. */
export function clientFromRecord(record: StoredToken | undefined, now = Date.now()): RegisteredClient | undefined {
  if (record?.tokenType !== 'client-registration') return undefined;
  const extra = record.extra ?? {};
  const clientId = extra['clientId'];
  if (typeof clientId !== 'string' || clientId === '') return undefined;
  if (record.expiresAt !== undefined && record.expiresAt <= now + 60_000) return undefined;
  const secretExpiresAt = extra['clientSecretExpiresAt'];
  const clientAuth = extra['clientAuth'];
  const uri = extra['registrationClientUri'];
  const metadata = extra['metadata'];
  return {
    clientId,
    ...(record.refreshToken === undefined ? {} : { clientSecret: record.refreshToken }),
    ...(typeof secretExpiresAt === 'number' ? { clientSecretExpiresAt: secretExpiresAt } : {}),
    ...(clientAuthMethods.includes(clientAuth as OAuth2ClientAuthMethod) ? { clientAuth: clientAuth as OAuth2ClientAuthMethod } : {}),
    ...(record.accessToken === '' ? {} : { registrationAccessToken: record.accessToken }),
    ...(typeof uri === 'string' ? { registrationClientUri: uri } : {}),
    metadata: typeof metadata === 'object' && metadata !== null ? (metadata as Record<string, unknown>) : {},
    source: 'stored',
  };
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function refused(reason: string, message: string): AuthError {
  return new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', message, { details: { retryable: false, reason } });
}
