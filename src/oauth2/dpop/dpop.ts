// The DPoP state of one authenticator (or one login): its own key (configured or generated once),
// the key of the token being refreshed (a refresh token is bound to the key that got it), and
// the nonces servers handed out, one per origin, never sent to another origin.
import { AsyncLocalStorage } from 'node:async_hooks';
import { invalidConfig } from '../../errors.js';
import type { Token } from '../../token.js';
import { checkDpopAlgorithm, configuredDpopKey, generateDpopKey, parseDpopKey, type DpopAlgorithm, type DpopKey, type DpopKeyInput } from './key.js';
import { createProof, type ProofTarget } from './proof.js';

/**
 * DPoP (RFC 9449): tokens bound to a key pair, each request carrying a proof signed with it.
 *
 * @example
 * ```ts
 * const dpop: DpopOptions = {}; // a generated ES256 key
 * const withKey: DpopOptions = { key: JSON.parse(process.env.DPOP_JWK ?? '{}') };
 * ```
 */
export interface DpopOptions {
  /**
   * The key pair: a private JWK (with `alg`, or EC/Ed25519 where the curve tells), or a key pair
   * (jose `generateKeyPair(alg, { extractable: true })`, WebCrypto, `KeyObject`) whose private
   * key can be exported. Default: a key generated on the first token request. Either way the
   * key is stored beside the token it is bound to, so every process sharing the store (and
   * later runs) proves with the key of the token in the store.
   */
  readonly key?: DpopKeyInput;
  /** The algorithm of a generated key, or of a `key` given without `alg`. Default `ES256`. */
  readonly algorithm?: DpopAlgorithm;
}

/** A `DPoP-Nonce` value (RFC 9449 §8.1: NQCHAR, at most a sane length). */
const nonceSyntax = /^[\x21\x23-\x5b\x5d-\x7e]{1,512}$/;
const maxOrigins = 256;

/** The DPoP side of one authenticator. */
export interface Dpop {
  /** The key of a token: its own stored one, else this authenticator's. */
  keyOf(token: Pick<Token, 'dpopKey'>): DpopKey | undefined;
  /** The key a token request proves with: the refreshed token's (inside {@link withKeyOf}), else this authenticator's own. */
  requestKey(): Promise<DpopKey>;
  /** Runs `fetch` so that its token requests prove with the key of `previous` (when it has one). */
  withKeyOf<T>(previous: Token | undefined, fetch: () => Promise<T>): Promise<T>;
  /** A proof for `target` with the nonce of its origin, if one is known. */
  proof(key: DpopKey, target: Omit<ProofTarget, 'nonce'>): string;
  /** The nonce known for `url`'s origin. */
  nonceFor(url: URL): string | undefined;
  /** Keeps the `DPoP-Nonce` of a response from `url`'s origin; whether it is new. */
  noteNonce(url: URL, headers: Headers): boolean;
}

/** `dpop`, checked: `undefined` when DPoP is off. */
export function createDpop(options: DpopOptions | undefined, field = 'dpop'): Dpop | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== 'object' || options === null) throw invalidConfig(field, 'an object ({} for a generated key)');
  for (const name of Object.keys(options)) if (name !== 'key' && name !== 'algorithm') throw invalidConfig(`${field}.${name}`, 'one of key, algorithm');
  const algorithm = checkDpopAlgorithm(options.algorithm, `${field}.algorithm`);
  const configured = options.key === undefined ? undefined : configuredDpopKey(options.key, algorithm, `${field}.key`);
  let own: Promise<DpopKey> | undefined = configured === undefined ? undefined : Promise.resolve(configured);
  let generated: DpopKey | undefined;
  const scope = new AsyncLocalStorage<DpopKey>();
  const nonces = new Map<string, string>();
  const nonceFor = (url: URL): string | undefined => nonces.get(url.origin);
  return {
    keyOf: (token) => (token.dpopKey === undefined ? (configured ?? generated) : parseDpopKey(token.dpopKey, 'the stored token dpopKey')),
    requestKey() {
      const bound = scope.getStore();
      if (bound !== undefined) return Promise.resolve(bound);
      if (own === undefined) {
        const making = generateDpopKey(algorithm ?? 'ES256').then((key) => (generated = key));
        own = making;
        making.catch(() => {
          if (own === making) own = undefined;
        });
      }
      return own;
    },
    withKeyOf(previous, fetch) {
      if (previous?.dpopKey === undefined) return fetch();
      return scope.run(parseDpopKey(previous.dpopKey, 'the stored token dpopKey'), fetch);
    },
    proof: (key, target) => createProof(key, { ...target, nonce: nonceFor(target.url) }),
    nonceFor,
    noteNonce(url, headers) {
      const nonce = headers.get('dpop-nonce')?.trim();
      if (nonce === undefined || !nonceSyntax.test(nonce) || nonces.get(url.origin) === nonce) return false;
      nonces.delete(url.origin);
      if (nonces.size >= maxOrigins) {
        const oldest = nonces.keys().next();
        if (oldest.done !== true) nonces.delete(oldest.value);
      }
      nonces.set(url.origin, nonce);
      return true;
    },
  };
}
