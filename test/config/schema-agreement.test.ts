// The published JSON Schema and createAuth say the same about every config: ajv (2020-12
// dialect, ajv-formats) against createAuth, on valid configs of every member and on mutations of
// them (a field dropped, a value of the wrong type, an unknown key), anywhere in the tree.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authConfigJsonSchema, createAuth, isAuthError, MemoryTokenStore, type AuthConfig } from '../../src/index.js';
import { compileConfigSchema } from './ajv.js';
import { corpusEnv, validConfigs } from './config-corpus.js';

const ajvValidate = compileConfigSchema(authConfigJsonSchema());

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = readonly (string | number)[];

/** What createAuth says: accepted, or refused with ERR_AUTH_INVALID_CONFIG (anything else fails the test). */
function createAuthAccepts(config: unknown): boolean {
  return createAuthProblem(config) === undefined;
}

/** createAuth's message when it refuses the config. */
function createAuthProblem(config: unknown): string | undefined {
  try {
    const auth = createAuth(config as AuthConfig, { env: corpusEnv, values: valuesFor(config), store: new MemoryTokenStore() });
    void auth.close?.();
    return undefined;
  } catch (error) {
    if (isAuthError(error, 'ERR_AUTH_INVALID_CONFIG')) return error.message;
    throw error;
  }
}

/**
 * The `values` a selective config reads: its first option, so that the value always names one.
 * (Which option `values` names is data the schema does not see; createAuth refuses a value that
 * names none, which docs/config.md says.)
 */
function valuesFor(config: unknown): object {
  const options = (config as { options?: unknown }).options;
  const first = typeof options === 'object' && options !== null ? Object.keys(options)[0] : undefined;
  return { auth: { kind: first ?? 'none' } };
}

function paths(value: Json, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => [[...prefix, index], ...paths(item, [...prefix, index])]);
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([key, item]) => [[...prefix, key], ...paths(item, [...prefix, key])]);
  return [];
}

function objectPaths(value: Json, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => objectPaths(item, [...prefix, index]));
  if (typeof value === 'object' && value !== null) return [prefix, ...Object.entries(value).flatMap(([key, item]) => objectPaths(item, [...prefix, key]))];
  return [];
}

function at(root: Json, path: Path): Json {
  return path.reduce<Json>((node, key) => (typeof node === 'object' && node !== null ? ((node as Record<string | number, Json>)[key] as Json) : (undefined as unknown as Json)), root);
}

const wrongValues: readonly Json[] = [42, 'text', true, null, [], {}, -1, 1.5, ''];

type Mutation = { readonly kind: 'drop' | 'retype'; readonly path: Path; readonly value: Json } | { readonly kind: 'add'; readonly path: Path; readonly key: string; readonly value: Json };

function apply(config: Json, mutation: Mutation): Json {
  const copy = structuredClone(config);
  const parentPath = mutation.kind === 'add' ? mutation.path : mutation.path.slice(0, -1);
  const parent = at(copy, parentPath) as Record<string | number, Json> | Json[] | undefined;
  // An earlier mutation may have replaced or removed this one's parent.
  if (typeof parent !== 'object' || parent === null) return copy;
  const key = mutation.kind === 'add' ? mutation.key : (mutation.path.at(-1) as string | number);
  if (mutation.kind === 'drop') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete (parent as Record<string, Json>)[key];
  } else (parent as Record<string | number, Json>)[key] = mutation.value;
  return copy;
}

/** `{ env }` or `{ file }`: where a secret or key is read from. */
function isReference(value: Json): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 1 && ('env' in value || 'file' in value);
}

function sameType(a: Json, b: Json): boolean {
  const kind = (value: Json) => (Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value);
  return kind(a) === kind(b);
}

const mutated = fc
  .constantFrom(...(validConfigs as unknown as Json[]))
  .chain((config) => {
    const all = paths(config);
    const objects = objectPaths(config).filter((path) => !Array.isArray(at(config, path)));
    const drop = fc.constantFrom(...(all.length > 0 ? all : [[] as Path])).map((path): Mutation => ({ kind: 'drop', path, value: null }));
    const retype = fc.tuple(fc.constantFrom(...(all.length > 0 ? all : [[] as Path])), fc.constantFrom(...wrongValues))
      // A secret given as { env } or { file } is key material; another string there is a value, not a wrong type.
      .filter(([path, value]) => path.length > 0 && !sameType(at(config, path), value) && !(isReference(at(config, path)) && typeof value === 'string'))
      .map(([path, value]): Mutation => ({ kind: 'retype', path, value }));
    const add = fc.tuple(fc.constantFrom(...objects), fc.constantFrom('extra', 'tokne', 'apiVersoin', 'x'), fc.constantFrom<Json>('x', 1, { env: 'SECRET' }))
      .map(([path, key, value]): Mutation => ({ kind: 'add', path, key, value }));
    const one = all.length > 0 ? fc.oneof(drop, retype, add) : add;
    return fc.tuple(fc.constant(config), fc.array(one, { minLength: 1, maxLength: 2 }));
  })
  .map(([config, mutations]) => ({ mutations, config: mutations.reduce((current, mutation) => (mutation.path.length === 0 && mutation.kind !== 'add' ? current : apply(current, mutation)), config) }));

describe('the JSON Schema and createAuth agree', () => {
  it('accept every valid config of the corpus', () => {
    for (const config of validConfigs) {
      expect({ config, ajv: ajvValidate(config), errors: ajvValidate.errors ?? null }).toEqual({ config, ajv: true, errors: null });
      expect({ config, createAuth: createAuthProblem(config) }).toEqual({ config, createAuth: undefined });
    }
  });

  it('give the same verdict on mutations: a dropped field, a wrong type, an unknown key', () => {
    fc.assert(
      fc.property(mutated, ({ config, mutations }) => {
        const schemaSays = ajvValidate(config);
        expect({ mutations, config, createAuth: createAuthAccepts(config) }).toEqual({ mutations, config, createAuth: schemaSays });
      }),
      { numRuns: 1500 },
    );
  });

  it('refuse what the schema once let through: provider option typos, jwt with both or neither key, empty aud, several session token sources', () => {
    const refused: unknown[] = [
      { type: 'provider', provider: 'stripe', secretKey: 'sk_test_1', apiVersoin: '2024-06-20' },
      { type: 'jwt', secret: 'x'.repeat(32), privateKey: { env: 'PEM' } },
      { type: 'jwt' },
      { type: 'jwt', secret: 'x'.repeat(32), aud: [] },
      { type: 'session', login: { url: 'https://a.example/login' }, tokenPath: 'a', tokenHeader: 'b', expiresIn: 'P1D' },
      { type: 'oauth2Interactive', clientIdMetadataDocument: 'http://app.example.com/client.json' },
      { type: 'oauth2Interactive', clientId: 'my-cli', scopes: ['files:read'] },
    ];
    for (const config of refused) expect({ config, ajv: ajvValidate(config), createAuth: createAuthAccepts(config) }).toEqual({ config, ajv: false, createAuth: false });
  });

  it('agree on which oauth2 configs may leave out clientId, on basicEncoding, and on which hosts are loopback for plain http', () => {
    const tokenUrl = 'https://auth.example.com/token';
    const assertion = { privateKey: { env: 'PEM' }, issuer: 'svc' };
    const cases: { config: unknown; valid: boolean }[] = [
      // Without a client id: password, refresh_token and jwt_bearer with client authentication none.
      { config: { type: 'oauth2', grant: 'password', tokenUrl, username: 'u', password: 'p' }, valid: true },
      { config: { type: 'oauth2', grant: 'password', tokenUrl, clientAuth: 'none', username: 'u', password: 'p' }, valid: true },
      { config: { type: 'oauth2', grant: 'refresh_token', tokenUrl, refreshToken: 'r' }, valid: true },
      { config: { type: 'oauth2', grant: 'jwt_bearer', tokenUrl, clientAuth: 'none', assertion }, valid: true },
      { config: { type: 'oauth2', grant: 'password', tokenUrl, clientSecret: 's', username: 'u', password: 'p' }, valid: false },
      { config: { type: 'oauth2', grant: 'password', tokenUrl, clientAuth: 'client_secret_post', clientSecret: 's', username: 'u', password: 'p' }, valid: false },
      { config: { type: 'oauth2', grant: 'refresh_token', tokenUrl, clientAuth: 'private_key_jwt', clientAssertion: { privateKey: { env: 'PEM' } }, refreshToken: 'r' }, valid: false },
      { config: { type: 'oauth2', grant: 'jwt_bearer', tokenUrl, clientSecret: 's', assertion }, valid: false },
      { config: { type: 'oauth2', grant: 'client_credentials', tokenUrl }, valid: false },
      { config: { type: 'oauth2', grant: 'client_credentials', tokenUrl, clientAuth: 'none' }, valid: false },
      { config: { type: 'oauth2', grant: 'authorization_code', tokenUrl }, valid: false },
      { config: { type: 'oauth2', grant: 'device_code', tokenUrl, clientAuth: 'none' }, valid: false },
      // basicEncoding: only with client_secret_basic (given, or inferred from a secret); 'plain' cannot carry an id with ':'.
      { config: { type: 'oauth2', grant: 'client_credentials', tokenUrl, clientId: 'a', clientSecret: 's', basicEncoding: 'plain' }, valid: true },
      { config: { type: 'oauth2', grant: 'client_credentials', tokenUrl, clientId: 'a', clientSecret: 's', clientAuth: 'client_secret_basic', basicEncoding: 'plain' }, valid: true },
      { config: { type: 'oauth2', grant: 'client_credentials', tokenUrl, clientId: 'a:b', clientSecret: 's', basicEncoding: 'form' }, valid: true },
      { config: { type: 'oauth2', grant: 'client_credentials', tokenUrl, clientId: 'a:b', clientSecret: 's', basicEncoding: 'plain' }, valid: false },
      { config: { type: 'oauth2', grant: 'client_credentials', tokenUrl, clientId: 'a', clientSecret: 's', basicEncoding: 'raw' }, valid: false },
      { config: { type: 'oauth2', grant: 'client_credentials', tokenUrl, clientId: 'a', clientSecret: 's', clientAuth: 'client_secret_post', basicEncoding: 'form' }, valid: false },
      { config: { type: 'oauth2', grant: 'password', tokenUrl, clientId: 'a', basicEncoding: 'plain', username: 'u', password: 'p' }, valid: false },
      { config: { type: 'oauth2', grant: 'password', tokenUrl, basicEncoding: 'form', username: 'u', password: 'p' }, valid: false },
      // Plain http only to localhost, 127.0.0.0/8 and [::1]; a name under .localhost is not loopback.
      { config: { type: 'oauth2', grant: 'client_credentials', tokenUrl: 'http://localhost:8080/token', clientId: 'a', clientSecret: 's' }, valid: true },
      { config: { type: 'oauth2', grant: 'client_credentials', tokenUrl: 'http://api.localhost/token', clientId: 'a', clientSecret: 's' }, valid: false },
      { config: { type: 'session', login: { url: 'http://api.localhost/login' }, tokenPath: 'a', expiresIn: 'P1D' }, valid: false },
    ];
    for (const { config, valid } of cases) expect({ config, ajv: ajvValidate(config), createAuth: createAuthAccepts(config) }).toEqual({ config, ajv: valid, createAuth: valid });
  });

  it('agree on the rules of awsSigV4, httpSignature and dpop that span fields', () => {
    const credentials = { accessKeyId: 'AKID', secretAccessKey: { env: 'SECRET' } };
    const aws = { type: 'awsSigV4', region: 'eu-west-1', credentials };
    const signature = { type: 'httpSignature', keyId: 'k', key: { env: 'ED_PEM' }, algorithm: 'ed25519' };
    const oauth2 = { type: 'oauth2', grant: 'client_credentials', tokenUrl: 'https://auth.example.com/token', clientId: 'a', clientSecret: 's' };
    const cases: { config: unknown; valid: boolean }[] = [
      // UNSIGNED-PAYLOAD is S3's alone; S3 requires x-amz-content-sha256.
      { config: { ...aws, service: 's3-object-lambda', unsignedPayload: true }, valid: true },
      { config: { ...aws, service: 'execute-api', unsignedPayload: false }, valid: true },
      { config: { ...aws, service: 'execute-api', unsignedPayload: true }, valid: false },
      { config: { ...aws, service: 's3', contentSha256Header: false }, valid: false },
      { config: { ...aws, service: 'es', contentSha256Header: false }, valid: true },
      { config: { ...aws, service: 'es', presign: {} }, valid: true },
      { config: { ...aws, service: 'es', presign: { expiresIn: 0 } }, valid: false },
      { config: { ...aws, service: 'es', presign: { expiresIn: 1.5 } }, valid: false },
      { config: { ...aws, service: 'es', signedHeaders: ['x y'] }, valid: false },
      { config: { ...aws, service: 'es', credentials: { ...credentials, accessKeyId: 'AKID WITH SPACE' } }, valid: false },
      { config: { ...aws, service: 'es', credentials: { ...credentials, sessionToken: 'two\nlines' } }, valid: false },
      { config: { ...aws, service: 'Execute-Api' }, valid: false },
      // Each component once, content-digest only with a digest; labels and parameters as RFC 9421 has them.
      { config: { ...signature, components: ['@method', 'content-digest'], contentDigest: 'sha-512' }, valid: true },
      { config: { ...signature, components: ['@method', 'content-digest'], contentDigest: false }, valid: false },
      { config: { ...signature, components: ['@method', '@path'], contentDigest: false }, valid: true },
      { config: { ...signature, components: ['@path', '@path'] }, valid: false },
      { config: { ...signature, components: ['@status'] }, valid: false },
      { config: { ...signature, components: [] }, valid: true },
      { config: { ...signature, label: 'Sig' }, valid: false },
      { config: { ...signature, keyId: 'k\u00e9' }, valid: false },
      { config: { ...signature, tag: '' }, valid: false },
      { config: { ...signature, expiresIn: 0 }, valid: false },
      { config: { ...signature, contentDigest: true }, valid: false },
      // A DPoP-bound token goes in Authorization: DPoP, never in a placement.
      { config: { ...oauth2, dpop: {} }, valid: true },
      { config: { ...oauth2, dpop: { key: { env: 'DPOP_JWK' }, algorithm: 'ES256' } }, valid: true },
      { config: { ...oauth2, dpop: {}, placement: { in: 'header', name: 'X-Token' } }, valid: false },
      { config: { ...oauth2, dpop: { algorithm: 'HS256' } }, valid: false },
      { config: { ...oauth2, dpop: { key: '' } }, valid: false },
      { config: { type: 'oauth2Interactive', dpop: { algorithm: 'PS256' } }, valid: true },
      { config: { type: 'oauth2Interactive', dpop: [] }, valid: false },
    ];
    for (const { config, valid } of cases) expect({ config, ajv: ajvValidate(config), createAuth: createAuthAccepts(config) }).toEqual({ config, ajv: valid, createAuth: valid });
  });
});
