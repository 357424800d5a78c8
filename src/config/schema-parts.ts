// The pieces of the config JSON Schema that several members share: secrets, URLs, TLS,
// placements, token-response mappings and lifecycle options. Plain JSON Schema 2020-12 (no
// custom keywords), so that ajv, editors and createAuth's own interpreter read the same document.
// `title` is what an error message says was expected ("bearer.token: expected <title>").

/** A JSON Schema node: plain data. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/**
 * The schema's builder of one `createAuth` member (`{ type, ...common, ...properties }`), handed to
 * the strategies that describe their own member.
 *
 * @example
 * ```ts
 * const digest = member('digest', { username: ref('secret'), password: ref('secret') }, ['username', 'password']);
 * ```
 */
export type MemberSchema = (type: string, properties: Readonly<Record<string, JsonSchema>>, required: readonly string[], extra?: JsonSchema) => JsonSchema;

/** `#/$defs/<name>`. */
export const ref = (name: string): JsonSchema => ({ $ref: `#/$defs/${name}` });
/** A closed object: these properties, these required, nothing else. */
export function object(properties: Readonly<Record<string, JsonSchema>>, required: readonly string[] = [], extra: JsonSchema = {}): JsonSchema {
  return { type: 'object', properties, required: [...required], additionalProperties: false, ...extra };
}
/** A record of free keys. */
export const record = (values: JsonSchema): JsonSchema => ({ type: 'object', additionalProperties: values });
export const string: JsonSchema = { type: 'string' };
export const nonEmpty: JsonSchema = { type: 'string', minLength: 1 };
export const boolean: JsonSchema = { type: 'boolean' };
export const number: JsonSchema = { type: 'number' };
export const positive: JsonSchema = { type: 'number', exclusiveMinimum: 0 };
export const nonNegative: JsonSchema = { type: 'number', minimum: 0 };
export const enumOf = (values: readonly string[]): JsonSchema => ({ enum: [...values] });
export const stringOrList: JsonSchema = { anyOf: [string, { type: 'array', items: string }] };

// URLs as createAuth's factories accept them: http(s), no user info, no fragment, a host that
// WHATWG URL parses (names whose last label is not numeric, dotted IPv4, [::1]), a valid port.
const octet = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const ipv4 = `${octet}(?:\\.${octet}){3}`;
const hostName = '(?:[A-Za-z0-9-]+\\.)*[A-Za-z0-9-]*[A-Za-z-][A-Za-z0-9-]*\\.?';
const port = '(?::(?:[0-9]{1,4}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))?';
const rest = '(?:[/?][^\\s#]*)?';
/** An absolute http(s) URL. */
export const httpUrlPattern = `^https?://(?:${hostName}|${ipv4}|\\[::1\\])${port}${rest}$`;
/** https anywhere, http only to loopback (as isLoopback: localhost, 127.x.x.x, [::1]). */
export const secureUrlPattern = `^(?:https://(?:${hostName}|${ipv4}|\\[::1\\])|http://(?:localhost|127(?:\\.${octet}){3}|\\[::1\\]))${port}${rest}$`;
/** An ISO 8601 date-time with a zone, as `Date.parse` reads it. */
const dateTimePattern = '^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,9})?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])$';

/** The `$defs` every member refers to. */
export const sharedDefinitions: Readonly<Record<string, JsonSchema>> = {
  envReference: {
    title: '{ "env": "NAME" }',
    ...object({ env: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' } }, ['env']),
  },
  fileReference: { title: '{ "file": "path" }', ...object({ file: nonEmpty }, ['file']) },
  secret: {
    title: 'a non-empty string or { "env": "NAME" }',
    description: 'The value itself, or { "env": "NAME" } to read it from the environment when the authenticator is created.',
    anyOf: [nonEmpty, ref('envReference')],
  },
  secretOrEmpty: { title: 'a string or { "env": "NAME" }', anyOf: [string, ref('envReference')] },
  pemSource: { title: 'PEM text, { "env": "NAME" } or { "file": "path" }', anyOf: [nonEmpty, ref('envReference'), ref('fileReference')] },
  keySource: {
    title: 'the key as text, { "env": "NAME" } or { "file": "path" }',
    description: 'The text itself, or { "env": "NAME" } to read it from the environment, or { "file": "path" } to read it from a file (relative to createAuth\'s baseDir) when the authenticator is created.',
    anyOf: [nonEmpty, ref('envReference'), ref('fileReference')],
  },
  httpUrl: { title: 'an absolute http(s) URL', type: 'string', pattern: httpUrlPattern },
  dateTime: { title: 'an ISO 8601 date-time with a zone', type: 'string', pattern: dateTimePattern },
  json: { title: 'a JSON value' },
  tls: {
    description: 'Client certificate and CAs for this authenticator\'s origins.',
    ...object({
      cert: ref('pemSource'),
      key: ref('pemSource'),
      passphrase: ref('secret'),
      pfx: { title: '{ "file": "path" } or { "env": "NAME" } (base64)', anyOf: [ref('fileReference'), ref('envReference')] },
      ca: { title: 'PEM sources or a list of them', anyOf: [ref('pemSource'), { type: 'array', items: ref('pemSource') }] },
    }),
  },
  placement: {
    title: 'a placement: { "in": "header" | "query" | "form" | "json", "name": ... }',
    oneOf: [
      object({ in: { const: 'header' }, name: nonEmpty, prefix: string }, ['in', 'name']),
      object({ in: { const: 'query' }, name: nonEmpty }, ['in', 'name']),
      object({ in: { const: 'form' }, name: nonEmpty }, ['in', 'name']),
      object({ in: { const: 'json' }, name: nonEmpty }, ['in', 'name']),
    ],
  },
  expiresAtFormat: {
    title: '"auto", "iso", "epoch-seconds", "epoch-milliseconds" or { "pattern": ... }',
    anyOf: [enumOf(['auto', 'iso', 'epoch-seconds', 'epoch-milliseconds']), object({ pattern: nonEmpty }, ['pattern'])],
  },
  responseMapping: object({
    accessToken: string,
    tokenType: string,
    expiresIn: string,
    expiresAt: string,
    refreshToken: string,
    scope: string,
    idToken: string,
    extra: record(string),
    format: enumOf(['auto', 'json', 'form']),
    defaultExpiresIn: positive,
    maxExpiresIn: positive,
    expiresAtFormat: ref('expiresAtFormat'),
  }),
};

/** The token-lifecycle options of token members (oauth2, session, the refreshing presets). */
export const lifecycleProperties: Readonly<Record<string, JsonSchema>> = {
  refreshWindowMs: nonNegative,
  forcedRefreshWindowMs: nonNegative,
  requestTimeoutMs: positive,
  refreshReuseGraceMs: positive,
  waitTimeoutMs: positive,
  backoff: object({ maxAttempts: positive, initialDelayMs: positive, maxDelayMs: positive, cooldownMs: nonNegative }),
  lock: object({ leaseMs: positive, waitMs: positive }),
  defaultExpiresInMs: positive,
  refreshAhead: boolean,
};

/** What every member may have besides its own fields. */
export const commonProperties: Readonly<Record<string, JsonSchema>> = { tls: ref('tls') };

/** `{ if: when, then }`. */
export const when = (condition: JsonSchema, then: JsonSchema): JsonSchema => ({ if: condition, then });
/** A property equal to one of `values` (and present). */
export const has = (name: string, ...values: readonly string[]): JsonSchema => ({
  properties: { [name]: values.length === 1 ? { const: values[0] } : { enum: [...values] } },
  required: [name],
});
/** Exactly one of these keys. */
export const exactlyOne = (...names: readonly string[]): JsonSchema => ({ oneOf: names.map((name) => ({ required: [name] })) });
/** Not all of these keys together. */
export const notTogether = (...names: readonly string[]): JsonSchema => ({ not: { required: [...names] } });
