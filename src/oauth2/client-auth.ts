import { randomUUID } from 'node:crypto';
import { invalidConfig } from '../errors.js';
import { loadJose } from '../strategies/jose.js';
import type { SigningKey } from '../strategies/private-key.js';
import type { ParamBuilder } from './params.js';
import { assertionSigningKey, secretKey } from './signing-key.js';
import type { BasicCredentialsEncoding, ClientAssertionOptions, OAuth2ClientAuthMethod, OAuth2Grant } from './common-options.js';

/** Adds the client's credentials to one token request and reports the secret values it added. */
export interface ClientAuthentication {
  readonly method: OAuth2ClientAuthMethod;
  /** Adds credentials to `params` / `headers`; resolves with every secret value added (for redaction). */
  apply(params: URLSearchParams, headers: Headers): Promise<string[]>;
}

/** What {@link createClientAuthentication} needs. */
export interface ClientAuthenticationOptions {
  readonly method: OAuth2ClientAuthMethod | undefined;
  readonly clientId: string | undefined;
  readonly clientSecret: string | undefined;
  readonly assertion: ClientAssertionOptions | undefined;
  /** The default `aud` of client assertions: the issuer, else the token URL. */
  readonly audience: string;
  readonly params: ParamBuilder;
  /** Whether the grant can do without a client id with `none` (`password`, `refresh_token`, `jwt_bearer`). */
  readonly clientIdOptional: boolean;
  /** How `client_secret_basic` encodes the id and secret. Default `form`. */
  readonly basicEncoding: BasicCredentialsEncoding | undefined;
}

/**
 * Grants that may run as an unidentified public client (`clientAuth: 'none'` without a client id):
 * RFC 6749 requires `client_id` of an unauthenticated client only in the authorization code
 * exchange (§4.1.3); the password (§4.3.2) and refresh (§6) requests do without, and RFC 7523
 * assertions (§3.1) identify the client in the assertion. `client_credentials` authenticates the
 * client itself, and the interactive grants need the id for the authorization request.
 *
 * @example
 * ```ts
 * grantsWithoutClientId.includes('password'); // true
 * ```
 */
export const grantsWithoutClientId: readonly OAuth2Grant[] = ['password', 'refresh_token', 'jwt_bearer'];

const assertionType = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/**
 * Checks the client-authentication options at creation time (keys imported, fields named) and
 * returns how to authenticate each token request. Credentials never go in the URL.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.2
 */
export function createClientAuthentication(options: ClientAuthenticationOptions): ClientAuthentication {
  const { clientId, clientSecret, assertion, params } = options;
  const method: OAuth2ClientAuthMethod =
    options.method ?? (clientSecret !== undefined ? 'client_secret_basic' : assertion?.privateKey !== undefined ? 'private_key_jwt' : 'none');
  if (clientId === undefined && !(options.clientIdOptional && method === 'none')) {
    const without = method === 'none' ? `; only the ${grantsWithoutClientId.join(', ')} grants can do without one` : '';
    throw invalidConfig('clientId', `a client id (needed for ${method}${without})`);
  }
  const needsSecret = method === 'client_secret_basic' || method === 'client_secret_post' || method === 'client_secret_jwt';
  if (needsSecret && clientSecret === undefined) throw invalidConfig('clientSecret', `a client secret (needed for ${method})`);
  if (!needsSecret && clientSecret !== undefined) throw invalidConfig('clientSecret', `no client secret with clientAuth '${method}'`);
  if (method !== 'private_key_jwt' && assertion?.privateKey !== undefined) throw invalidConfig('clientAssertion.privateKey', `no private key with clientAuth '${method}'`);
  const encoding = basicEncoding(options.basicEncoding, method, clientId);
  switch (method) {
    case 'client_secret_basic': {
      // RFC 6749 §2.3.1: id and secret are form-urlencoded, then joined with ':' and base64-encoded;
      // `plain` is RFC 7617's user:password as many servers read it.
      const credentials = encoding === 'plain' ? `${clientId ?? ''}:${clientSecret ?? ''}` : `${formEncode(clientId ?? '')}:${formEncode(clientSecret ?? '')}`;
      const header = `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;
      return {
        method,
        apply: async (_params, headers) => {
          headers.set('Authorization', header);
          return [header, header.slice(6), clientSecret ?? ''];
        },
      };
    }
    case 'client_secret_post':
      return {
        method,
        apply: async (body) => {
          body.set(params.name('client_id'), clientId ?? '');
          body.set(params.name('client_secret'), clientSecret ?? '');
          return [clientSecret ?? ''];
        },
      };
    case 'client_secret_jwt':
    case 'private_key_jwt': {
      const key: SigningKey =
        method === 'client_secret_jwt'
          ? secretKey(clientSecret ?? '', assertion?.algorithm, 'clientAssertion.algorithm')
          : assertionSigningKey(assertion?.privateKey, assertion?.algorithm, 'clientAssertion.privateKey');
      const lifetime = assertion?.expiresInSeconds ?? 60;
      if (!Number.isFinite(lifetime) || lifetime <= 0 || lifetime > 600) throw invalidConfig('clientAssertion.expiresInSeconds', 'a number of seconds from 1 to 600');
      const audience = assertion?.audience ?? options.audience;
      if (typeof audience !== 'string' || audience === '') throw invalidConfig('clientAssertion.audience', 'a non-empty string');
      const keyId = assertion?.keyId;
      return {
        method,
        apply: async (body) => {
          const { SignJWT } = await loadJose();
          const now = Math.floor(Date.now() / 1000);
          const jwt = await new SignJWT({})
            .setProtectedHeader({ alg: key.algorithm, typ: 'JWT', ...(keyId === undefined ? {} : { kid: keyId }) })
            .setIssuer(clientId ?? '')
            .setSubject(clientId ?? '')
            .setAudience(audience)
            .setJti(randomUUID())
            .setIssuedAt(now)
            .setExpirationTime(now + Math.ceil(lifetime))
            .sign(key.key);
          body.set(params.name('client_id'), clientId ?? '');
          body.set(params.name('client_assertion_type'), assertionType);
          body.set(params.name('client_assertion'), jwt);
          return method === 'client_secret_jwt' ? [jwt, clientSecret ?? ''] : [jwt];
        },
      };
    }
    case 'tls_client_auth':
      // RFC 8705 §2: the certificate authenticates the client; the body names it.
      return {
        method,
        apply: async (body) => {
          body.set(params.name('client_id'), clientId ?? '');
          return [];
        },
      };
    case 'none':
      // A public client: its id when it has one; without one (where the grant allows it) nothing at all.
      return {
        method,
        apply: async (body) => {
          if (clientId !== undefined) body.set(params.name('client_id'), clientId);
          return [];
        },
      };
    default:
      throw invalidConfig('clientAuth', `one of client_secret_basic, client_secret_post, client_secret_jwt, private_key_jwt, tls_client_auth, none (got ${String(method satisfies never)})`);
  }
}

/** `basicEncoding`, checked: only with `client_secret_basic`; `plain` cannot carry a client id with `:`. */
function basicEncoding(value: unknown, method: OAuth2ClientAuthMethod, clientId: string | undefined): BasicCredentialsEncoding {
  if (value === undefined) return 'form';
  if (value !== 'form' && value !== 'plain') throw invalidConfig('basicEncoding', "'form' or 'plain'");
  if (method !== 'client_secret_basic') throw invalidConfig('basicEncoding', `only with clientAuth 'client_secret_basic' (clientAuth is '${method}')`);
  if (value === 'plain' && clientId?.includes(':') === true) {
    throw invalidConfig('clientId', "a client id without ':' for basicEncoding 'plain' (the server splits id and secret at the first ':'); use basicEncoding 'form' or client_secret_post");
  }
  return value;
}

/** application/x-www-form-urlencoded encoding of one value (spaces as `+`), as RFC 6749 Appendix B asks. */
export function formEncode(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1);
}
