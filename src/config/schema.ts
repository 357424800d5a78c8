// The JSON Schema (2020-12) of AuthConfig: the one description of the config's shape. Editors
// and ajv read it as published (authwire/config.schema.json); createAuth interprets the same
// document (./validate.ts). To add a field: add it to its member's `properties` here (with
// `required`, or a rule in its `allOf` if it depends on another field) and to its interface in
// ./types.ts; test/config/schema-agreement.test.ts then checks ajv and createAuth on it.
import { jwtAlgorithms } from '../strategies/jwt-key.js';
import { dpopSchema } from './dpop-config.js';
import { oauth2Member } from './schema-oauth2.js';
import {
  boolean, commonProperties, enumOf, exactlyOne, has, lifecycleProperties, nonEmpty, notTogether, object, record, ref, secureUrlPattern, sharedDefinitions, type MemberSchema,
  string, when, type JsonSchema,
} from './schema-parts.js';
import { providerDefinitions, providerMember } from './schema-providers.js';
import { oauth1Member } from '../strategies/oauth1/oauth1-config.js';
import { digestMember } from '../strategies/digest/digest-config.js';
import { awsSigV4Member } from '../strategies/aws-sigv4/aws-sigv4-config.js';
import { httpSignatureMember } from '../strategies/http-signature/http-signature-config.js';

export type { JsonSchema } from './schema-parts.js';

// A session lifetime as parseLifetime reads it: PnYnMnWnDTnHnMnS, any case, a part above zero.
const part = '[0-9]+(?:[.,][0-9]+)?';
const durationPattern = `^\\s*(?=[^1-9]*[1-9])[Pp](?:${part}[Yy])?(?:${part}[Mm])?(?:${part}[Ww])?(?:${part}[Dd])?(?:[Tt](?=[0-9])(?:${part}[Hh])?(?:${part}[Mm])?(?:${part}[Ss])?)?\\s*$`;

const member: MemberSchema = (type, properties, required, extra = {}) =>
  object({ type: { const: type }, ...commonProperties, ...properties }, ['type', ...required], extra);

const hmac = jwtAlgorithms.filter((name) => name.startsWith('HS'));
const jwt = member('jwt', {
  secret: ref('secret'),
  secretEncoding: enumOf(['utf8', 'base64']),
  privateKey: ref('keySource'),
  passphrase: ref('secret'),
  algorithm: enumOf(jwtAlgorithms),
  kid: string,
  typ: string,
  cty: string,
  header: { ...record(ref('json')), propertyNames: { not: enumOf(['alg', 'kid', 'typ', 'cty', 'crit', 'b64']) } },
  iss: string,
  sub: string,
  aud: { title: 'a non-empty string or a non-empty array of strings', anyOf: [nonEmpty, { type: 'array', items: nonEmpty, minItems: 1 }] },
  claims: { ...record(ref('json')), propertyNames: { not: enumOf(['iat', 'exp', 'nbf', 'jti', 'iss', 'sub', 'aud']) } },
  lifetimeSeconds: { title: 'a whole number of seconds from 1 to 31536000', type: 'integer', minimum: 1, maximum: 31_536_000 },
  refreshMarginSeconds: { type: 'number', minimum: 0 },
  signEachRequest: boolean,
  jti: boolean,
  notBefore: boolean,
  prefix: { title: 'a single word such as Bearer, or an empty string', type: 'string', pattern: '^\\S*$' },
  placement: ref('placement'),
}, [], {
  allOf: [
    exactlyOne('secret', 'privateKey'),
    when({ required: ['secretEncoding'] }, { required: ['secret'] }),
    when({ required: ['passphrase'] }, { required: ['privateKey'] }),
    when({ required: ['secret', 'algorithm'] }, { properties: { algorithm: { title: 'an HMAC algorithm (HS256, HS384, HS512) with a secret', enum: hmac } } }),
    when({ required: ['privateKey', 'algorithm'] }, { properties: { algorithm: { title: 'an asymmetric algorithm with a privateKey', not: enumOf(hmac) } } }),
    notTogether('prefix', 'placement'),
  ],
});

const session = member('session', {
  login: object({
    url: ref('httpUrl'),
    method: nonEmpty,
    query: record(ref('secretOrEmpty')),
    headers: record(ref('secretOrEmpty')),
    json: record(ref('json')),
    form: record(ref('secretOrEmpty')),
    auth: ref('authConfig'),
  }, ['url'], { allOf: [notTogether('json', 'form')] }),
  tokenPath: nonEmpty,
  tokenHeader: nonEmpty,
  tokenCookie: nonEmpty,
  tokenPrefix: string,
  expiresIn: {
    title: 'an ISO 8601 duration, "none", or milliseconds',
    anyOf: [{ const: 'none' }, { type: 'string', pattern: durationPattern }, { type: 'number', minimum: 1 }],
  },
  expiresInPath: nonEmpty,
  expiresAtPath: nonEmpty,
  expiresAtFormat: ref('expiresAtFormat'),
  inject: { title: 'a placement or { "in": "cookie", "name": ... }', anyOf: [ref('placement'), object({ in: { const: 'cookie' }, name: nonEmpty }, ['in', 'name'])] },
  cacheKey: nonEmpty,
  allowInsecureHttp: boolean,
  name: nonEmpty,
  ...lifecycleProperties,
}, ['login', 'expiresIn'], {
  allOf: [
    exactlyOne('tokenPath', 'tokenHeader', 'tokenCookie'),
    when({ not: { properties: { allowInsecureHttp: { const: true } }, required: ['allowInsecureHttp'] } }, {
      properties: { login: { properties: { url: { title: 'an https URL (or set allowInsecureHttp: true)', type: 'string', pattern: secureUrlPattern } } } },
    }),
  ],
});

const members: readonly JsonSchema[] = [
  member('none', {}, []),
  member('basic', { username: ref('secret'), password: ref('secretOrEmpty') }, ['username', 'password']),
  member('bearer', { token: ref('secret'), prefix: { title: 'a single word such as Bearer, or an empty string', type: 'string', pattern: '^\\S*$' }, placement: ref('placement') }, ['token'], {
    allOf: [notTogether('prefix', 'placement')],
  }),
  member('apiKey', { key: ref('secret'), in: enumOf(['header', 'query', 'form', 'json']), name: nonEmpty, prefix: string }, ['key', 'in', 'name'], {
    allOf: [when({ required: ['prefix'] }, has('in', 'header'))],
  }),
  jwt,
  oauth2Member(member),
  member('oauth2Interactive', {
    clientId: { type: 'string', minLength: 1, pattern: '^[^\\r\\n]+$' },
    clientSecret: ref('secret'),
    registration: { type: 'object' },
    clientIdMetadataDocument: { title: 'an https URL', type: 'string', pattern: '^https://\\S+$' },
    scope: { type: 'array', items: { type: 'string', pattern: '^\\S+$' } },
    resource: ref('httpUrl'),
    authorizationServers: { type: 'array', items: ref('httpUrl') },
    loginTimeoutMs: { type: 'integer', minimum: 1, maximum: 2_147_483_647 },
    pushedAuthorizationRequests: boolean,
    allowInsecureHttp: boolean,
    dpop: dpopSchema,
    ...lifecycleProperties,
  }, []),
  session,
  providerMember,
  member('selective', {
    path: {
      title: 'a dotted path such as credentials.auth_type, or its segments as an array',
      anyOf: [{ type: 'string', pattern: '^[^.]+(?:\\.[^.]+)*$' }, { type: 'array', items: nonEmpty, minItems: 1 }],
    },
    options: { ...record(ref('authConfig')), propertyNames: nonEmpty, minProperties: 1, title: 'at least one named option' },
  }, ['path', 'options']),
  member('combine', { all: { type: 'array', items: ref('authConfig'), minItems: 1, title: 'at least one authenticator' } }, ['all']),
  oauth1Member(member),
  digestMember(member),
  awsSigV4Member(member),
  httpSignatureMember(member),
];

const types = ['none', 'basic', 'bearer', 'apiKey', 'jwt', 'oauth2', 'oauth2Interactive', 'session', 'provider', 'selective', 'combine', 'oauth1', 'digest', 'awsSigV4', 'httpSignature'];

let document: JsonSchema | undefined;

/** The schema document, built once on first use. */
export function configSchema(): JsonSchema {
  document ??= Object.freeze({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://authwire.dev/config.schema.json',
    title: 'authwire AuthConfig',
    description: 'The configuration of an authwire authenticator (createAuth): a union discriminated by "type".',
    $ref: '#/$defs/authConfig',
    $defs: {
      ...sharedDefinitions,
      ...providerDefinitions,
      authConfig: { title: `a config whose type is one of ${types.map((type) => `"${type}"`).join(', ')}`, oneOf: members },
    },
  });
  return document;
}
