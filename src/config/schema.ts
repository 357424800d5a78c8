import * as z from 'zod';
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

export const placementSchema = z.discriminatedUnion('in', [
  z.strictObject({ in: z.literal('header'), name: nonEmpty, prefix: z.string().optional() }),
  z.strictObject({ in: z.literal('query'), name: nonEmpty }),
  z.strictObject({ in: z.literal('form'), name: nonEmpty }),
  z.strictObject({ in: z.literal('json'), name: nonEmpty }),
], { error: 'expected in to be one of "header", "query", "form", "json"' });

const none = z.strictObject({ type: z.literal('none') });
const basic = z.strictObject({ type: z.literal('basic'), username: secret, password: secretOrEmpty });
const bearer = z.strictObject({ type: z.literal('bearer'), token: secret, prefix: z.string().optional(), placement: placementSchema.optional() });
const apiKey = z.strictObject({
  type: z.literal('apiKey'), key: secret, in: z.enum(['header', 'query', 'form', 'json']), name: nonEmpty, prefix: z.string().optional(),
});
const jwt = z.strictObject({
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
const selective = z.strictObject({
  type: z.literal('selective'),
  path: nonEmpty,
  options: z.record(nonEmpty, z.lazy(() => authConfigSchema)).refine((options) => Object.keys(options).length > 0, { error: 'expected at least one option' }),
});
const combine = z.strictObject({
  type: z.literal('combine'),
  all: z.array(z.lazy(() => authConfigSchema)).min(1, { error: 'expected at least one authenticator' }),
});

/** The zod schema of {@link AuthConfig}. */
export const authConfigSchema: z.ZodType<AuthConfig> = z.discriminatedUnion('type', [none, basic, bearer, apiKey, jwt, selective, combine], {
  error: 'expected type to be one of "none", "basic", "bearer", "apiKey", "jwt", "selective", "combine"',
}) as unknown as z.ZodType<AuthConfig>;
