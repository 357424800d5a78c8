// The `httpSignature` member of createAuth's config: its type, its JSON Schema entry and its build step.
import type { JsonWebKey } from 'node:crypto';
import type { Authenticator } from '../../authenticator.js';
import type { AuthConfigCommon } from '../../config/config-common.js';
import { boolean, enumOf, ref, when, type JsonSchema, type MemberSchema } from '../../config/schema-parts.js';
import type { PemSource, ReadSecret } from '../../config/secret.js';
import { httpSignatureAlgorithms } from './algorithms.js';
import { derivedComponents } from './components.js';
import { httpSignatureAuth } from './http-signature.js';
import type { HttpSignatureAuthOptions } from './types.js';

/**
 * `{ type: 'httpSignature' }`: see {@link httpSignatureAuth}. `key` is text: a PEM private key or
 * a private JWK as JSON (ed25519, ecdsa-p256-sha256, rsa-pss-sha512, rsa-v1_5-sha256), or for
 * `hmac-sha256` the shared secret (its UTF-8 bytes, or an `oct` JWK as JSON), written out or
 * `{ "env": "NAME" }` or `{ "file": "path" }`. What is code, not data, goes to {@link httpSignatureAuth} itself: a
 * `KeyObject` or bytes as the key, a function returning each `nonce`.
 *
 * @example
 * ```ts
 * const config: HttpSignatureAuthConfig = {
 *   type: 'httpSignature',
 *   keyId: 'client-2025',
 *   key: { env: 'SIGNING_KEY_PEM' },
 *   algorithm: 'ed25519',
 *   components: ['@method', '@target-uri', 'content-type', 'content-digest'],
 *   expiresIn: 300,
 *   nonce: true,
 * };
 * ```
 */
export interface HttpSignatureAuthConfig
  extends AuthConfigCommon,
    Pick<HttpSignatureAuthOptions, 'keyId' | 'algorithm' | 'components' | 'label' | 'created' | 'expiresIn' | 'tag' | 'includeAlg' | 'contentDigest'> {
  /** Discriminant. */
  readonly type: 'httpSignature';
  /** A PEM private key or a private JWK as JSON text; for `hmac-sha256` the shared secret. The text, `{ "env" }` or `{ "file" }`. */
  readonly key: PemSource;
  /** Send a `nonce` parameter of 16 random bytes (base64url). Default `false`. */
  readonly nonce?: boolean;
}

const printable: JsonSchema = { title: 'a non-empty string of printable ASCII', type: 'string', pattern: '^[\\x20-\\x7e]+$' };

/**
 * The `httpSignature` entry of the config schema, built with the schema's `member` helper.
 *
 * @internal
 * @example
 * ```ts
 * const httpSignature = httpSignatureMember(member);
 * ```
 */
export function httpSignatureMember(member: MemberSchema): JsonSchema {
  const component = {
    title: `one of ${derivedComponents.join(', ')} or a lower-case header name`,
    anyOf: [enumOf(derivedComponents), { type: 'string', pattern: "^[!#$%&'*+.^_`|~0-9a-z-]+$" }],
  };
  return member('httpSignature', {
    keyId: printable,
    key: ref('keySource'),
    algorithm: enumOf(httpSignatureAlgorithms),
    components: { title: 'an array of component names, each once', type: 'array', items: component, uniqueItems: true },
    label: { title: 'a lower-case key such as sig1', type: 'string', pattern: '^[a-z*][a-z0-9_\\-.*]*$' },
    created: boolean,
    expiresIn: { title: 'whole seconds, at least 1', type: 'integer', minimum: 1 },
    nonce: boolean,
    tag: printable,
    includeAlg: boolean,
    contentDigest: { title: '"sha-256", "sha-512" or false', enum: ['sha-256', 'sha-512', false] },
  }, ['keyId', 'key', 'algorithm'], {
    allOf: [
      when({ properties: { contentDigest: { const: false } }, required: ['contentDigest'] }, {
        properties: { components: { items: { title: 'no content-digest when contentDigest is false', not: { const: 'content-digest' } } } },
      }),
    ],
  });
}

/**
 * Builds {@link httpSignatureAuth} from a checked config, reading its key with `read`.
 *
 * @internal
 * @example
 * ```ts
 * const auth = buildHttpSignature(config, (value, field) => resolveSecret(value, `httpSignature.${field}`, env));
 * ```
 */
export function buildHttpSignature(config: HttpSignatureAuthConfig, read: ReadSecret): Authenticator {
  const { type: _type, tls: _tls, key, ...rest } = config;
  // httpSignatureAuth checks that the key fits the algorithm, naming httpSignature.key and never quoting it.
  return httpSignatureAuth({ ...rest, key: keyFromText(read(key, 'key')) });
}

/** A JWK written as JSON text, else the text itself (PEM, or an HMAC secret). */
function keyFromText(text: string): string | JsonWebKey {
  if (!text.trimStart().startsWith('{')) return text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text;
  }
  return isJwk(parsed) ? parsed : text;
}

function isJwk(value: unknown): value is JsonWebKey {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { kty?: unknown }).kty === 'string';
}
