// Checks httpSignatureAuth's options once, when the authenticator is made.
import { invalidConfig } from '../../errors.js';
import { checkOptionNames, optionNames } from '../../validate/option-names.js';
import { httpSignatureAlgorithms, signerFor, type SignBase } from './algorithms.js';
import { checkComponents, isSfString } from './components.js';
import type { ContentDigestAlgorithm, HttpSignatureAlgorithm, HttpSignatureAuthOptions } from './types.js';

const names = optionNames<HttpSignatureAuthOptions>()(
  ['keyId', 'key', 'algorithm', 'components', 'label', 'created', 'expiresIn', 'nonce', 'tag', 'includeAlg', 'contentDigest'],
  { key: '' },
);

/** The checked settings a signer works with. */
export interface HttpSignatureSettings {
  readonly keyId: string;
  readonly algorithm: HttpSignatureAlgorithm;
  readonly sign: SignBase;
  /** `undefined`: the default list, with `content-digest` only when there is a body. */
  readonly components: readonly string[] | undefined;
  readonly label: string;
  readonly created: boolean;
  readonly expiresIn: number | undefined;
  readonly nonce: (() => string) | undefined;
  readonly tag: string | undefined;
  readonly includeAlg: boolean;
  readonly contentDigest: ContentDigestAlgorithm | false;
}

/** Checks `options`; a wrong one fails with `ERR_AUTH_INVALID_CONFIG` naming the field and never quoting the key. */
export function checkHttpSignatureOptions(options: HttpSignatureAuthOptions, field: string, randomNonce: () => string): HttpSignatureSettings {
  if (typeof options !== 'object' || options === null) throw invalidConfig(field, 'an options object { keyId, key, algorithm }');
  checkOptionNames(options, names, 'httpSignatureAuth');
  const { keyId, key, algorithm, label = 'sig1', created = true, expiresIn, nonce, tag, includeAlg = false, contentDigest = 'sha-256' } = options;
  if (!isSfString(keyId) || keyId === '') throw invalidConfig(`${field}.keyId`, 'a non-empty string of printable ASCII');
  if (!httpSignatureAlgorithms.includes(algorithm)) throw invalidConfig(`${field}.algorithm`, `one of ${httpSignatureAlgorithms.join(', ')}`);
  const sign = signerFor(algorithm, key, field);
  // A copy: the caller's array may change later, and a signer keeps each list's text.
  const components = options.components === undefined ? undefined : Object.freeze([...checkComponents(options.components, `${field}.components`)]);
  if (typeof label !== 'string' || !/^[a-z*][a-z0-9_\-.*]*$/.test(label)) throw invalidConfig(`${field}.label`, 'a lower-case key such as sig1');
  if (typeof created !== 'boolean') throw invalidConfig(`${field}.created`, 'true or false');
  if (expiresIn !== undefined && (!Number.isInteger(expiresIn) || expiresIn < 1)) throw invalidConfig(`${field}.expiresIn`, 'whole seconds, at least 1');
  if (nonce !== undefined && typeof nonce !== 'boolean' && typeof nonce !== 'function') throw invalidConfig(`${field}.nonce`, 'true, false or a function returning a nonce');
  if (tag !== undefined && (!isSfString(tag) || tag === '')) throw invalidConfig(`${field}.tag`, 'a non-empty string of printable ASCII');
  if (typeof includeAlg !== 'boolean') throw invalidConfig(`${field}.includeAlg`, 'true or false');
  if (contentDigest !== false && contentDigest !== 'sha-256' && contentDigest !== 'sha-512') throw invalidConfig(`${field}.contentDigest`, "'sha-256', 'sha-512' or false");
  if (contentDigest === false && components?.includes('content-digest') === true) {
    throw invalidConfig(`${field}.components`, 'no content-digest when contentDigest is false');
  }
  return {
    keyId, algorithm, sign, components, label, created, expiresIn, tag, includeAlg, contentDigest,
    nonce: nonce === true ? randomNonce : typeof nonce === 'function' ? nonce : undefined,
  };
}
