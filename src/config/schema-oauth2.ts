// The `oauth2` member of the config schema, with the rules oauth2Auth applies across fields
// (which grant needs what, which client authentication needs what) written as if/then.
import {
  boolean, enumOf, has, httpUrlPattern, lifecycleProperties, nonEmpty, notTogether, object, record, ref, secureUrlPattern, string, when, type JsonSchema, type MemberSchema,
} from './schema-parts.js';
import { grantsWithoutClientId } from '../oauth2/client-auth.js';
import { dpopSchema } from './dpop-config.js';
import { TOKEN_TYPE_URI_PATTERN } from '../oauth2/grants/token-exchange.js';

const paramNames = [
  'grant_type', 'client_id', 'client_secret', 'scope', 'audience', 'resource', 'refresh_token', 'username', 'password', 'assertion',
  'client_assertion', 'client_assertion_type', 'redirect_uri', 'state', 'code', 'code_verifier', 'device_code',
];
/** A token type URI (RFC 8693 §3), as `tokenTypeUri` in oauth2/grants/token-exchange.ts checks it. */
const tokenTypeUri: JsonSchema = { type: 'string', title: 'a token type URI such as urn:ietf:params:oauth:token-type:access_token', pattern: TOKEN_TYPE_URI_PATTERN };
const headerName = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const reservedHeaders = '(?:[Cc][Oo][Nn][Tt][Ee][Nn][Tt]-[Tt][Yy][Pp][Ee]|[Aa][Uu][Tt][Hh][Oo][Rr][Ii][Zz][Aa][Tt][Ii][Oo][Nn])';
const secretMethods = ['client_secret_basic', 'client_secret_post', 'client_secret_jwt'];
const assertionKey: JsonSchema = { required: ['clientAssertion'], properties: { clientAssertion: { required: ['privateKey'] } } };
/** Client authentication `none`: given, or inferred (no clientAuth, no secret, no assertion key). */
const noClientAuthentication: JsonSchema = {
  anyOf: [has('clientAuth', 'none'), { not: { anyOf: [{ required: ['clientAuth'] }, { required: ['clientSecret'] }, assertionKey] } }],
};
/** Client authentication `client_secret_basic`: given, or inferred from a secret. */
const basicClientAuthentication: JsonSchema = {
  anyOf: [has('clientAuth', 'client_secret_basic'), { required: ['clientSecret'], not: { required: ['clientAuth'] } }],
};

/**
 * The `oauth2` member of the config schema, built with the caller's `member` helper so that it
 * shares the common lifecycle properties and the closed-object rule of every other member.
 *
 * @example
 * ```ts
 * const oauth2 = oauth2Member(member); // one entry of the schema's `oneOf`
 * ```
 */
export function oauth2Member(member: MemberSchema): JsonSchema {
  return member('oauth2', {
    grant: enumOf(['client_credentials', 'refresh_token', 'password', 'jwt_bearer', 'authorization_code', 'device_code', 'token_exchange']),
    tokenUrl: ref('httpUrl'),
    clientId: { type: 'string', minLength: 1, pattern: '^[^\\r\\n]+$' },
    clientSecret: ref('secret'),
    clientAuth: enumOf([...secretMethods, 'private_key_jwt', 'tls_client_auth', 'none']),
    basicEncoding: enumOf(['form', 'plain']),
    clientAssertion: object({
      privateKey: ref('keySource'), algorithm: string, keyId: string, audience: nonEmpty, expiresInSeconds: { type: 'number', exclusiveMinimum: 0, maximum: 600 },
    }),
    issuer: nonEmpty,
    scope: { type: 'array', items: { type: 'string', pattern: '^\\S+$' } },
    scopeSeparator: { type: 'string', pattern: '^[^\\r\\n]+$' },
    scopeOnRefresh: boolean,
    audience: nonEmpty,
    resource: {
      title: 'an absolute URI or a list of them',
      anyOf: [{ type: 'string', pattern: httpUrlPattern }, { type: 'array', items: { type: 'string', pattern: httpUrlPattern } }],
    },
    extraParams: record(string),
    extraHeaders: { ...record({ type: 'string', pattern: '^[^\\r\\n]*$' }), propertyNames: { pattern: `^(?!${reservedHeaders}$)${headerName}$` } },
    requestFormat: enumOf(['form', 'json']),
    paramNames: { type: 'object', propertyNames: enumOf(paramNames), additionalProperties: nonEmpty },
    response: ref('responseMapping'),
    placement: ref('placement'),
    cacheKey: nonEmpty,
    allowInsecureHttp: boolean,
    refreshToken: ref('secret'),
    accessToken: ref('secret'),
    expiresAt: { title: 'epoch milliseconds or an ISO 8601 date-time', anyOf: [{ type: 'number' }, ref('dateTime')] },
    subject: nonEmpty,
    username: { type: 'string', minLength: 1, pattern: '^[^\\r\\n]+$' },
    password: ref('secretOrEmpty'),
    serviceAccount: ref('keySource'),
    assertion: object({
      privateKey: ref('keySource'), algorithm: string, keyId: nonEmpty, issuer: nonEmpty, subject: nonEmpty, audience: nonEmpty,
      expiresInSeconds: { type: 'integer', minimum: 1, maximum: 3600 },
      claims: { ...record(ref('json')), propertyNames: { not: enumOf(['iss', 'sub', 'aud', 'iat', 'exp', 'jti', 'nbf']) } },
    }),
    tokenUrlAllowList: { type: 'array', items: ref('httpUrl') },
    scopeIn: enumOf(['assertion', 'body']),
    revocationUrl: ref('httpUrl'),
    subjectToken: ref('secret'),
    subjectTokenType: tokenTypeUri,
    actorToken: ref('secret'),
    actorTokenType: tokenTypeUri,
    requestedTokenType: tokenTypeUri,
    dpop: dpopSchema,
    ...lifecycleProperties,
  }, ['grant'], {
    allOf: [
      // Where tokens come from.
      when({ not: has('grant', 'jwt_bearer') }, { required: ['tokenUrl'], properties: { tokenUrl: { title: 'an https URL' } } }),
      when({ not: { required: ['tokenUrl'] } }, { required: ['serviceAccount'], properties: { serviceAccount: { title: 'a serviceAccount (with token_uri) when there is no tokenUrl' } } }),
      when({ not: { required: ['allowInsecureHttp'], properties: { allowInsecureHttp: { const: true } } } }, {
        properties: {
          tokenUrl: { title: 'an https URL (or set allowInsecureHttp: true)', pattern: secureUrlPattern },
          revocationUrl: { title: 'an https URL (or set allowInsecureHttp: true)', pattern: secureUrlPattern },
        },
      }),
      // What each grant needs.
      when(has('grant', 'refresh_token'), { required: ['refreshToken'] }),
      when({ required: ['expiresAt'] }, { required: ['accessToken'] }),
      when(has('grant', 'token_exchange'), { required: ['subjectToken'] }),
      when({ required: ['actorTokenType'] }, { required: ['actorToken'] }),
      when(has('grant', 'password'), { required: ['username', 'password'], properties: { password: ref('secret') } }),
      when(has('grant', 'jwt_bearer'), {
        allOf: [
          { anyOf: [{ required: ['serviceAccount'] }, { required: ['assertion'], properties: { assertion: { required: ['privateKey'] } } }] },
          { anyOf: [{ required: ['serviceAccount'] }, { required: ['clientId'] }, { required: ['assertion'], properties: { assertion: { required: ['issuer'] } } }] },
          { not: { required: ['serviceAccount', 'assertion'], properties: { assertion: { required: ['privateKey'] } } } },
        ],
      }),
      // How the client authenticates (clientAuth, or inferred: a secret → basic, a key → private_key_jwt, else none).
      when({ not: { allOf: [has('grant', ...grantsWithoutClientId), noClientAuthentication] } }, {
        required: ['clientId'],
        properties: { clientId: { title: `a client id (only ${grantsWithoutClientId.join(', ')} with client authentication none can do without one)` } },
      }),
      when(has('clientAuth', ...secretMethods), { required: ['clientSecret'] }),
      when(has('clientAuth', 'private_key_jwt', 'tls_client_auth', 'none'), { not: { required: ['clientSecret'] } }),
      when(has('clientAuth', 'private_key_jwt'), assertionKey),
      when(assertionKey, { anyOf: [has('clientAuth', 'private_key_jwt'), { not: { anyOf: [{ required: ['clientAuth'] }, { required: ['clientSecret'] }] } }] }),
      when({ not: basicClientAuthentication }, {
        properties: { basicEncoding: { title: "only with clientAuth 'client_secret_basic' (the default with a clientSecret)", not: {} } },
      }),
      when(has('basicEncoding', 'plain'), {
        properties: { clientId: { title: "a client id without ':' for basicEncoding 'plain' (the server splits id and secret at the first ':')", pattern: '^[^:]*$' } },
      }),
      when(has('clientAuth', 'tls_client_auth'), { required: ['tls'], properties: { tls: { anyOf: [{ required: ['cert'] }, { required: ['pfx'] }] } } }),
      // A DPoP-bound token goes in Authorization: DPoP.
      notTogether('placement', 'dpop'),
    ],
  });
}
