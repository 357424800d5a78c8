// What adapters hand to Node (https.Agent, got's `https` options, an undici Agent's `connect`)
// for an authenticator's `tls`.
import type * as Tls from 'node:tls';
import type { SecureContext } from 'node:tls';
import type { ClientTls } from '../authenticator.js';
import { checkClientTls } from '../strategies/client-tls-check.js';

/**
 * Node TLS options for one {@link ClientTls}, in the names `tls.connect` and `https.Agent` use.
 * It holds the private key and passphrase: adapters pass it to Node and never print it.
 *
 * @example
 * ```ts
 * const { cert, key, passphrase, pfx, ca }: ClientTlsOptions = clientTlsOptions(auth.tls);
 * ```
 */
export interface ClientTlsOptions {
  /** The client certificate chain (PEM). */
  readonly cert?: string | Buffer;
  /** The client's private key (PEM). */
  readonly key?: string | Buffer;
  /** The passphrase of `key` or `pfx`. */
  readonly passphrase?: string;
  /** A PKCS#12 bundle of key and certificate. */
  readonly pfx?: Buffer;
  /**
   * The authorities to trust: Node's default ones followed by the `ca` of the ClientTls. Absent
   * when the ClientTls has no `ca` (Node's defaults apply). Node's `ca` option replaces the
   * defaults, hence the explicit list.
   */
  readonly ca?: ReadonlyArray<string | Buffer>;
}

type CaLister = (type: 'default') => string[];

const cache = new WeakMap<ClientTls, ClientTlsOptions>();
const contexts = new WeakMap<ClientTls, SecureContext>();

/**
 * The Node TLS options an adapter uses for `tls` (checked as `withTls` checks it, so an
 * authenticator that set `tls` by hand fails here with the same errors). The same object is
 * returned for the same `tls`. A custom `ca` is added to Node's default authorities — on Node
 * 22.15 and later those include `NODE_EXTRA_CA_CERTS` and, with `--use-system-ca`, the system
 * store; on Node 20 they are Node's bundled Mozilla list. Certificate checking is never turned off.
 *
 * @param tls - an authenticator's `tls`
 * @returns options for `https.Agent`, `tls.connect` or an undici `Agent`'s `connect`
 * @throws AuthError `ERR_AUTH_INVALID_CONFIG` when `tls` is incomplete or cannot be loaded
 * @example
 * ```ts
 * import { Agent } from 'node:https';
 * const options = clientTlsOptions(auth.tls);
 * const agent = new Agent({ keepAlive: true, ...options, ca: options.ca === undefined ? undefined : [...options.ca] });
 * ```
 */
export function clientTlsOptions(tls: ClientTls): ClientTlsOptions {
  const cached = cache.get(tls);
  if (cached !== undefined) return cached;
  const checked = checkClientTls(tls);
  const options: { -readonly [K in keyof ClientTlsOptions]: ClientTlsOptions[K] } = {};
  if (checked.cert !== undefined) options.cert = checked.cert;
  if (checked.key !== undefined) options.key = checked.key;
  if (checked.passphrase !== undefined) options.passphrase = checked.passphrase;
  if (checked.pfx !== undefined) options.pfx = checked.pfx;
  if (checked.ca !== undefined) options.ca = Object.freeze([...defaultAuthorities(), ...checked.ca]);
  const frozen = Object.freeze(options);
  cache.set(tls, frozen);
  return frozen;
}

/**
 * One `tls.SecureContext` for `tls` (its {@link clientTlsOptions}), made on the first call and
 * shared by every later one for the same `tls`. Pass it as `secureContext` to an agent that
 * opens many connections: Node would otherwise parse the key and every trusted authority (Node's
 * defaults plus `ca`, some 150 certificates) again for each new connection.
 *
 * @param tls - an authenticator's `tls`
 * @returns the secure context to pass as `secureContext` to `https.Agent` or undici's `connect`
 * @throws AuthError `ERR_AUTH_INVALID_CONFIG` when `tls` is incomplete or cannot be loaded
 * @example
 * ```ts
 * import { Agent } from 'node:https';
 * const agent = new Agent({ keepAlive: true, secureContext: clientSecureContext(auth.tls) });
 * ```
 */
export function clientSecureContext(tls: ClientTls): SecureContext {
  const cached = contexts.get(tls);
  if (cached !== undefined) return cached;
  const { ca, ...identity } = clientTlsOptions(tls);
  const context = nodeTls().createSecureContext(ca === undefined ? identity : { ...identity, ca: [...ca] });
  contexts.set(tls, context);
  return context;
}

/** Node's default trusted authorities: `tls.getCACertificates('default')` where it exists (Node 22.15+), else `tls.rootCertificates`. */
function defaultAuthorities(): readonly string[] {
  const tls = nodeTls();
  const lister = (tls as unknown as { getCACertificates?: CaLister }).getCACertificates;
  return typeof lister === 'function' ? lister('default') : tls.rootCertificates;
}

/** `node:tls`, loaded when a client certificate is first used rather than at import (it costs a cold start several ms). */
function nodeTls(): typeof Tls {
  return process.getBuiltinModule('node:tls');
}
