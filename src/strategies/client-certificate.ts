import type { Authenticator, ClientTls } from '../authenticator.js';
import { invalidConfig } from '../errors.js';
import { checkClientTls } from './client-tls-check.js';
import { headersAtHandOf, withHeadersAtHand } from '../headers-at-hand.js';

/**
 * An authenticator that carries TLS material: what {@link withTls} and
 * {@link clientCertificateAuth} return.
 *
 * @example
 * ```ts
 * const auth: TlsAuthenticator = clientCertificateAuth({ pfx: readFileSync('client.p12'), passphrase: process.env.P12_PASSPHRASE ?? '' });
 * auth.tls.pfx; // readable by name; util.inspect and JSON.stringify show [REDACTED]
 * ```
 */
export interface TlsAuthenticator extends Authenticator {
  /** The checked client certificate and authorities; `key`, `passphrase` and `pfx` print as `[REDACTED]`. */
  readonly tls: ClientTls;
}

/**
 * The same authenticator with a client certificate and/or private certificate authorities: the
 * adapters present `tls.cert`/`tls.key` (or `tls.pfx`) and trust `tls.ca` on the requests that may
 * receive the authenticator's credentials — the client's base URL origin and the adapter's
 * `origins` — and on no other origin, not even after a redirect.
 *
 * `tls` is checked at once: `cert` and `key` (PEM, the key matching the certificate), or `pfx`
 * (PKCS#12 bytes), `passphrase` when the key or bundle is encrypted, `ca` as one or more PEM
 * certificates. A custom `ca` is trusted in addition to Node's default authorities; certificate
 * and host name checks are never turned off. Errors name the field and never quote a value, and
 * the returned `tls` prints `[REDACTED]` for `key`, `passphrase` and `pfx`.
 *
 * Everything else — `authenticate`, `challenge`, `close`, and extra members such as
 * `getToken()` — is the original authenticator's.
 *
 * @param authenticator - the authenticator to extend (`bearerAuth(...)`, `oauth2Auth(...)`, ...)
 * @param tls - the client certificate and the authorities to trust
 * @returns an authenticator that behaves as `authenticator` and carries `tls`
 * @throws AuthError `ERR_AUTH_INVALID_CONFIG` when `tls` is incomplete or cannot be loaded
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { bearerAuth, withTls } from 'authwire';
 *
 * const auth = withTls(bearerAuth({ token: process.env.API_TOKEN ?? '' }), {
 *   cert: readFileSync('client.crt'),
 *   key: readFileSync('client.key'),
 *   passphrase: process.env.CLIENT_KEY_PASSPHRASE ?? '',
 *   ca: readFileSync('internal-ca.crt'),
 * });
 * ```
 */
export function withTls<A extends Authenticator>(authenticator: A, tls: ClientTls): A & TlsAuthenticator {
  if (typeof authenticator?.authenticate !== 'function') throw invalidConfig('withTls', 'an Authenticator as the first argument');
  const checked = checkClientTls(tls);
  // Delegate to the original (its own members stay reachable: getToken, tokenManager, ...); the
  // core methods are bound to it so that class-based authenticators with private state still work.
  const properties: PropertyDescriptorMap = {
    name: { value: authenticator.name, enumerable: true },
    tls: { value: checked, enumerable: true },
    authenticate: { value: bound(authenticator), enumerable: true },
  };
  if (authenticator.challenge !== undefined) properties['challenge'] = { value: authenticator.challenge.bind(authenticator), enumerable: true };
  if (authenticator.close !== undefined) properties['close'] = { value: authenticator.close.bind(authenticator), enumerable: true };
  const wrapped = Object.create(authenticator, properties) as A & TlsAuthenticator;
  Object.freeze(wrapped);
  return wrapped;
}

/**
 * An authenticator that adds nothing to requests and authenticates by TLS alone: the adapters
 * present the client certificate (mutual TLS) to the origins that may receive credentials.
 * Combine it with another strategy when the API also wants a token — `combineAuth` takes the
 * `tls` of its first member that has one — or give that strategy the certificate with
 * {@link withTls}.
 *
 * @param tls - the client certificate (`cert` and `key`, or `pfx`), its `passphrase`, and `ca`
 * @returns an authenticator named `client-certificate`
 * @throws AuthError `ERR_AUTH_INVALID_CONFIG` when `tls` is incomplete or cannot be loaded
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import axios from 'axios';
 * import { clientCertificateAuth } from 'authwire';
 * import { axiosAuth } from 'authwire/axios';
 *
 * const api = axios.create({ baseURL: 'https://mtls.example.com/' });
 * axiosAuth(api, clientCertificateAuth({ pfx: readFileSync('client.p12'), passphrase: process.env.P12_PASSPHRASE ?? '' }));
 * ```
 */
export function clientCertificateAuth(tls: ClientTls): TlsAuthenticator {
  const checked = checkClientTls(tls);
  return Object.freeze({ name: 'client-certificate', tls: checked, authenticate: async () => {} });
}

/** `authenticator.authenticate` bound to it, with what it would set at once (if that is known). */
function bound(authenticator: Authenticator): Authenticator['authenticate'] {
  const authenticate = authenticator.authenticate.bind(authenticator);
  const atHand = headersAtHandOf(authenticator);
  return atHand === undefined ? authenticate : withHeadersAtHand(authenticate, atHand);
}
