import * as z from 'zod';
import { isLoopback } from '../adapter-kit/origin-policy.js';
import { providerNames } from '../providers/index.js';
import { providerOptionNames } from '../providers/option-names.js';
import { jwtAlgorithms } from '../strategies/jwt-key.js';
import type { JwtJsonValue } from '../strategies/jwt-claims.js';
import type { AuthConfig } from './types.js';

// Runtime validation of AuthConfig (./types.ts). zod's inferred types cannot express the
// recursion under exactOptionalPropertyTypes, so the schema is typed by hand; test/config keeps
// the two in step with a full example of every member.

const nonEmpty = z.string().min(1, { error: 'expected a non-empty string' });
const envReference = z.strictObject({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'expected an environment variable name' }) });
const secret = z.union([nonEmpty, envReference], { error: 'expected a non-empty string or { "env": "NAME" }' });
const secretOrEmpty = z.union([z.string(), envReference], { error: 'expected a string or { "env": "NAME" }' });
const json: z.ZodType<JwtJsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(json), z.record(z.string(), json)]),
);

const fileReference = z.strictObject({ file: nonEmpty });
const pemSource = z.union([nonEmpty, envReference, fileReference], { error: 'expected PEM text, { "env": "NAME" } or { "file": "path" }' });
const tlsSchema = z.strictObject({
  cert: pemSource.optional(),
  key: pemSource.optional(),
  passphrase: secret.optional(),
  pfx: z.union([fileReference, envReference], { error: 'expected { "file": "path" } or { "env": "NAME" } (base64)' }).optional(),
  ca: z.union([pemSource, z.array(pemSource)]).optional(),
});
const common = { tls: tlsSchema.optional() };

export const placementSchema = z.discriminatedUnion('in', [
  z.strictObject({ in: z.literal('header'), name: nonEmpty, prefix: z.string().optional() }),
  z.strictObject({ in: z.literal('query'), name: nonEmpty }),
  z.strictObject({ in: z.literal('form'), name: nonEmpty }),
  z.strictObject({ in: z.literal('json'), name: nonEmpty }),
], { error: 'expected in to be one of "header", "query", "form", "json"' });

const none = z.strictObject({ ...common, type: z.literal('none') });
const basic = z.strictObject({ ...common, type: z.literal('basic'), username: secret, password: secretOrEmpty });
const bearer = z.strictObject({ ...common, type: z.literal('bearer'), token: secret, prefix: z.string().optional(), placement: placementSchema.optional() });
const apiKey = z.strictObject({
  ...common,
  type: z.literal('apiKey'), key: secret, in: z.enum(['header', 'query', 'form', 'json']), name: nonEmpty, prefix: z.string().optional(),
});
const jwt = z.strictObject({
  ...common,
  type: z.literal('jwt'),
  secret: secret.optional(),
  secretEncoding: z.enum(['utf8', 'base64']).optional(),
  privateKey: secret.optional(),
  passphrase: secret.optional(),
  algorithm: z.enum(jwtAlgorithms).optional(),
  kid: z.string().optional(),
  typ: z.string().optional(),
  cty: z.string().optional(),
  header: z.record(z.string(), json).optional(),
  iss: z.string().optional(),
  sub: z.string().optional(),
  aud: z.union([z.string(), z.array(z.string())]).optional(),
  claims: z.record(z.string(), json).optional(),
  lifetimeSeconds: z.number().positive().optional(),
  refreshMarginSeconds: z.number().nonnegative().optional(),
  signEachRequest: z.boolean().optional(),
  jti: z.boolean().optional(),
  notBefore: z.boolean().optional(),
  prefix: z.string().optional(),
  placement: placementSchema.optional(),
});
const httpUrl = z.string().refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), { error: 'expected an absolute http(s) URL' });
const positive = z.number().positive();
const stringRecord = z.record(z.string(), z.string());
const paramName = z.enum([
  'grant_type', 'client_id', 'client_secret', 'scope', 'audience', 'resource', 'refresh_token', 'username', 'password', 'assertion',
  'client_assertion', 'client_assertion_type', 'redirect_uri', 'state', 'code', 'code_verifier', 'device_code',
]);
const responseMapping = z.strictObject({
  accessToken: z.string().optional(),
  tokenType: z.string().optional(),
  expiresIn: z.string().optional(),
  expiresAt: z.string().optional(),
  refreshToken: z.string().optional(),
  scope: z.string().optional(),
  idToken: z.string().optional(),
  extra: stringRecord.optional(),
  format: z.enum(['auto', 'json', 'form']).optional(),
  defaultExpiresIn: positive.optional(),
  maxExpiresIn: positive.optional(),
  expiresAtFormat: z.union([z.enum(['auto', 'iso', 'epoch-seconds', 'epoch-milliseconds']), z.strictObject({ pattern: nonEmpty })]).optional(),
});
const lifecycle = {
  refreshWindowMs: z.number().nonnegative().optional(),
  forcedRefreshWindowMs: z.number().nonnegative().optional(),
  requestTimeoutMs: positive.optional(),
  waitTimeoutMs: positive.optional(),
  backoff: z.strictObject({ maxAttempts: positive.optional(), initialDelayMs: positive.optional(), maxDelayMs: positive.optional(), cooldownMs: z.number().nonnegative().optional() }).optional(),
  lock: z.strictObject({ leaseMs: positive.optional(), waitMs: positive.optional() }).optional(),
  defaultExpiresInMs: positive.optional(),
  refreshAhead: z.boolean().optional(),
};
const oauth2 = z.strictObject({
  ...common,
  type: z.literal('oauth2'),
  grant: z.enum(['client_credentials', 'refresh_token', 'password', 'jwt_bearer', 'authorization_code', 'device_code']),
  tokenUrl: httpUrl.optional(),
  clientId: nonEmpty.optional(),
  clientSecret: secret.optional(),
  clientAuth: z.enum(['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt', 'tls_client_auth', 'none']).optional(),
  clientAssertion: z.strictObject({
    privateKey: secret.optional(), algorithm: z.string().optional(), keyId: z.string().optional(), audience: z.string().optional(), expiresInSeconds: positive.optional(),
  }).optional(),
  issuer: z.string().optional(),
  scope: z.array(nonEmpty).optional(),
  scopeSeparator: z.string().optional(),
  scopeOnRefresh: z.boolean().optional(),
  audience: z.string().optional(),
  resource: z.union([z.string(), z.array(z.string())]).optional(),
  extraParams: stringRecord.optional(),
  extraHeaders: stringRecord.optional(),
  requestFormat: z.enum(['form', 'json']).optional(),
  paramNames: z.partialRecord(paramName, nonEmpty).optional(),
  response: responseMapping.optional(),
  placement: placementSchema.optional(),
  cacheKey: nonEmpty.optional(),
  allowInsecureHttp: z.boolean().optional(),
  refreshToken: secret.optional(),
  accessToken: secret.optional(),
  expiresAt: z.union([z.number(), z.iso.datetime({ offset: true })]).optional(),
  subject: z.string().optional(),
  username: nonEmpty.optional(),
  password: secretOrEmpty.optional(),
  serviceAccount: secret.optional(),
  assertion: z.strictObject({
    privateKey: secret.optional(), algorithm: z.string().optional(), keyId: z.string().optional(), issuer: z.string().optional(), subject: z.string().optional(),
    audience: z.string().optional(), expiresInSeconds: positive.optional(), claims: z.record(z.string(), json).optional(),
  }).optional(),
  tokenUrlAllowList: z.array(httpUrl).optional(),
  scopeIn: z.enum(['assertion', 'body']).optional(),
  ...lifecycle,
}).superRefine((config, context) => {
  if (config.tokenUrl === undefined) {
    if (config.grant !== 'jwt_bearer') context.addIssue({ code: 'custom', path: ['tokenUrl'], message: 'expected an https URL' });
    return;
  }
  if (!URL.canParse(config.tokenUrl)) return; // Reported by the field's own check.
  const url = new URL(config.tokenUrl);
  if (url.protocol !== 'https:' && !isLoopback(url) && config.allowInsecureHttp !== true) {
    context.addIssue({ code: 'custom', path: ['tokenUrl'], message: 'expected an https URL (or set allowInsecureHttp: true)' });
  }
});

const session = z.strictObject({
  ...common,
  type: z.literal('session'),
  login: z.strictObject({
    url: httpUrl,
    method: nonEmpty.optional(),
    query: z.record(z.string(), secretOrEmpty).optional(),
    headers: z.record(z.string(), secretOrEmpty).optional(),
    json: z.record(z.string(), z.unknown()).optional(),
    form: z.record(z.string(), secretOrEmpty).optional(),
    auth: z.lazy(() => authConfigSchema).optional(),
  }),
  tokenPath: nonEmpty.optional(),
  tokenHeader: nonEmpty.optional(),
  tokenCookie: nonEmpty.optional(),
  tokenPrefix: z.string().optional(),
  expiresIn: z.union([nonEmpty, z.number().positive()]),
  expiresInPath: nonEmpty.optional(),
  expiresAtPath: nonEmpty.optional(),
  expiresAtFormat: responseMapping.shape.expiresAtFormat,
  inject: z.union([placementSchema, z.strictObject({ in: z.literal('cookie'), name: nonEmpty })]).optional(),
  cacheKey: nonEmpty.optional(),
  allowInsecureHttp: z.boolean().optional(),
  name: nonEmpty.optional(),
  ...lifecycle,
}).superRefine((config, context) => {
  const sources = [config.tokenPath, config.tokenHeader, config.tokenCookie].filter((source) => source !== undefined);
  if (sources.length !== 1) context.addIssue({ code: 'custom', path: ['tokenPath'], message: 'expected exactly one of tokenPath, tokenHeader and tokenCookie' });
  if (config.login.json !== undefined && config.login.form !== undefined) context.addIssue({ code: 'custom', path: ['login', 'form'], message: 'expected json or form, not both' });
});

// Each preset checks its own options' values (and names the field); the schema checks the
// provider name and the option names, so that a misspelt option is not dropped.
const providerChoices: [string, ...string[]] = ['metabase', ...providerNames];
const provider = z.object({
  ...common,
  type: z.literal('provider'),
  provider: z.enum(providerChoices, { error: `expected provider to be one of ${providerChoices.map((name) => `"${name}"`).join(', ')}` }),
}).catchall(z.unknown()).superRefine((config, context) => {
  const known: readonly string[] = providerOptionNames[config.provider as keyof typeof providerOptionNames];
  for (const key of Object.keys(config)) {
    if (key === 'type' || key === 'provider' || known.includes(key)) continue;
    context.addIssue({ code: 'custom', path: [key], message: `unknown option of provider "${config.provider}"; expected one of ${[...known].sort().map((name) => `"${name}"`).join(', ')}` });
  }
});

const selective = z.strictObject({
  ...common,
  type: z.literal('selective'),
  path: z.union([nonEmpty, z.array(nonEmpty).min(1)]),
  options: z.record(nonEmpty, z.lazy(() => authConfigSchema)).refine((options) => Object.keys(options).length > 0, { error: 'expected at least one option' }),
});
const combine = z.strictObject({
  ...common,
  type: z.literal('combine'),
  all: z.array(z.lazy(() => authConfigSchema)).min(1, { error: 'expected at least one authenticator' }),
});

/** The zod schema of {@link AuthConfig}. */
export const authConfigSchema: z.ZodType<AuthConfig> = z.discriminatedUnion('type', [none, basic, bearer, apiKey, jwt, oauth2, session, provider, selective, combine], {
  error: 'expected type to be one of "none", "basic", "bearer", "apiKey", "jwt", "oauth2", "session", "provider", "selective", "combine"',
}) as unknown as z.ZodType<AuthConfig>;
