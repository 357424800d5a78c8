import type { Authenticator } from '../authenticator.js';
import { AuthError, isAuthError } from '../errors.js';
import { apiKeyAuth } from '../strategies/api-key.js';
import { basicAuth } from '../strategies/basic.js';
import { bearerAuth } from '../strategies/bearer.js';
import { combineAuth } from '../strategies/combine.js';
import { jwtAuth } from '../strategies/jwt.js';
import { noAuth } from '../strategies/no-auth.js';
import { selectiveAuth } from '../strategies/selective.js';
import { configSchema } from './schema.js';
import { resolvePemSource, type EnvReference, type FileReference, type PemSource, type ReadSecret, type SecretEnvironment, type SecretValue } from './secret.js';
import { applyTlsConfig, renamingFields, resolveTlsConfig } from './tls.js';
import type { AuthConfig, JwtAuthConfig, OAuth2AuthConfig, ProviderAuthConfig, SessionAuthConfig } from './types.js';
import { createProviderAuth } from '../providers/index.js';
import { providerOptionNames } from '../providers/option-names.js';
import { metabaseAuth, type MetabaseAuthOptions } from '../providers/metabase.js';
import { sessionTokenAuth } from '../strategies/session-token.js';
import type { SessionJsonValue, SessionTokenAuthOptions } from '../strategies/session-token-types.js';
import { oauth2Auth } from '../oauth2/oauth2-auth.js';
import { interactiveAuth } from '../oauth2/discovery/interactive-auth.js';
import type { ClientMetadata } from '../oauth2/registration/types.js';
import type { OAuth2AuthOptions } from '../oauth2/types.js';
import type { TokenStore } from '../stores/token-store.js';
import { validate } from './validate.js';
import { buildOAuth1 } from '../strategies/oauth1/oauth1-config.js';
import { buildDigest } from '../strategies/digest/digest-config.js';
import { buildAwsSigV4 } from '../strategies/aws-sigv4/aws-sigv4-config.js';
import { buildHttpSignature } from '../strategies/http-signature/http-signature-config.js';
import { buildDpop } from './dpop-config.js';

/**
 * Options of {@link createAuth} and {@link parseAuthConfig}.
 *
 * @example
 * ```ts
 * const options: CreateAuthOptions = { env: { API_KEY: 'k-123' }, store: new FileTokenStore({ path: '.tokens.json' }) };
 * const auth = createAuth({ type: 'apiKey', key: { env: 'API_KEY' }, in: 'header', name: 'X-API-Key' }, options);
 * ```
 */
export interface CreateAuthOptions {
  /** Where `{ "env": "NAME" }` references are read; `process.env` by default. */
  readonly env?: SecretEnvironment;
  /** The values a `selective` config's `path` reads from (e.g. a connector's user settings). */
  readonly values?: object;
  /** Where token strategies (`oauth2`) keep tokens; the process-wide memory store by default. */
  readonly store?: TokenStore;
  /** The directory `{ "file": ... }` references are relative to; the working directory by default. */
  readonly baseDir?: string;
}

/**
 * Checks untrusted input (JSON, YAML, a form) against the {@link AuthConfig} schema. Unknown keys
 * are refused; every problem is reported at once with its path, e.g.
 * `bearer.token: expected a non-empty string or { "env": "NAME" }`.
 *
 * @throws AuthError `ERR_AUTH_INVALID_CONFIG` listing every problem (`details.problems` counts them)
 * @example
 * ```ts
 * const config = parseAuthConfig(JSON.parse(await readFile('auth.json', 'utf8')));
 * ```
 */
export function parseAuthConfig(input: unknown): AuthConfig {
  const issues = validate(configSchema(), input);
  if (issues.length === 0) return input as AuthConfig;
  const root = typeof input === 'object' && input !== null && typeof (input as { type?: unknown }).type === 'string' ? String((input as { type: string }).type) : 'config';
  const problems = issues.map((issue) => `${formatPath(root, issue.path)}: ${issue.message}`);
  const first = issues[0];
  throw new AuthError('ERR_AUTH_INVALID_CONFIG', problems.join('; '), {
    details: { field: first === undefined ? root : formatPath(root, first.path), problems: problems.length },
  });
}

/**
 * Builds an authenticator from a typed or untrusted {@link AuthConfig}: validates it (as
 * {@link parseAuthConfig}), resolves `{ "env": "NAME" }` secrets, and calls the factory of its
 * `type`. Any problem is `ERR_AUTH_INVALID_CONFIG`; no other exception escapes.
 *
 * @example
 * ```ts
 * const auth = createAuth({ type: 'basic', username: 'api', password: { env: 'API_PASSWORD' } });
 * ```
 */
export function createAuth(config: AuthConfig, options: CreateAuthOptions = {}): Authenticator {
  const parsed = parseAuthConfig(config);
  try {
    return build(parsed, parsed.type, options);
  } catch (error) {
    if (isAuthError(error, 'ERR_AUTH_INVALID_CONFIG')) throw error;
    // Whatever else a factory refused (an insecure URL, a selective value naming no option) is still a problem of the config.
    if (isAuthError(error)) throw new AuthError('ERR_AUTH_INVALID_CONFIG', error.message, { cause: error, details: error.details });
    // A factory threw something other than a config error: report it as one, without its text (it may quote input).
    throw new AuthError('ERR_AUTH_INVALID_CONFIG', `${parsed.type}: the configuration was refused`, { details: { field: parsed.type } });
  }
}

function build(config: AuthConfig, path: string, options: CreateAuthOptions): Authenticator {
  const env = options.env ?? process.env;
  try {
    return applyTlsConfig(buildMember(config, path, options), config.tls, `${path}.tls`, { env, baseDir: options.baseDir ?? process.cwd() });
  } catch (error) {
    throw underPath(error, config.type, path);
  }
}

/**
 * A factory names its fields from its own root (`jwt.secret`); inside `combine` or `selective`
 * the member's path says which one it is (`combine.all[1].secret`).
 */
function underPath(error: unknown, type: string, path: string): unknown {
  if (path === type || !isAuthError(error)) return error;
  const field = error.details.field;
  if (typeof field !== 'string') return error;
  const under = (root: string): boolean => field === root || field.startsWith(`${root}.`) || field.startsWith(`${root}[`);
  // Named by its path already (a secret read here, a member nested deeper), or not by the factory's root.
  if (under(path) || !under(type)) return error;
  const where = `${path}${field.slice(type.length)}`;
  const message = error.message.startsWith(`${field}:`) ? `${where}${error.message.slice(field.length)}` : error.message;
  return new AuthError(error.code, message, { ...(error.cause === undefined ? {} : { cause: error.cause }), details: { ...error.details, field: where } });
}

function buildMember(config: AuthConfig, path: string, options: CreateAuthOptions): Authenticator {
  const env = options.env ?? process.env;
  const baseDir = options.baseDir ?? process.cwd();
  // The schema allows `{ "file" }` only where key material goes.
  const read: ReadSecret = (value, field, allowEmpty = false) => resolvePemSource(value, `${path}.${field}`, env, baseDir, allowEmpty);
  switch (config.type) {
    case 'none':
      return noAuth();
    case 'basic':
      return basicAuth({ username: read(config.username, 'username'), password: read(config.password, 'password', true) });
    case 'bearer': {
      const { type: _type, tls: _tls, token, ...rest } = config;
      return bearerAuth({ ...rest, token: read(token, 'token') });
    }
    case 'apiKey': {
      const key = read(config.key, 'key');
      return config.in === 'header'
        ? apiKeyAuth({ key, in: 'header', name: config.name, ...(config.prefix === undefined ? {} : { prefix: config.prefix }) })
        : apiKeyAuth({ key, in: config.in, name: config.name, ...(config.prefix === undefined ? {} : { prefix: config.prefix as never }) });
    }
    case 'jwt':
      return buildJwt(config, read);
    case 'oauth2':
      return buildOAuth2(config, path, read, options);
    case 'oauth2Interactive': {
      const { type: _type, tls: _tls, clientSecret, registration, dpop, ...rest } = config;
      return interactiveAuth({
        ...rest,
        ...(clientSecret === undefined ? {} : { clientSecret: read(clientSecret, 'clientSecret') }),
        ...(registration === undefined ? {} : { registration: registration as ClientMetadata }),
        ...(dpop === undefined ? {} : { dpop: buildDpop(dpop, path, read) }),
        ...(options.store === undefined ? {} : { store: options.store }),
      });
    }
    case 'session':
      return buildSession(config, path, read, options);
    case 'provider':
      return buildProvider(config, read, options.store);
    case 'selective': {
      const built: Record<string, Authenticator> = {};
      for (const [name, option] of Object.entries(config.options)) built[name] = build(option, `${path}.options.${name}`, options);
      return selectiveAuth({ select: { config: options.values ?? {}, path: config.path }, options: built });
    }
    case 'combine':
      return combineAuth(...config.all.map((member, index) => build(member, `${path}.all[${index}]`, options)));
    case 'oauth1':
      return buildOAuth1(config, read);
    case 'digest':
      return buildDigest(config, read);
    case 'awsSigV4':
      return buildAwsSigV4(config, read);
    case 'httpSignature':
      return buildHttpSignature(config, read);
    default:
      throw config satisfies never;
  }
}

function buildJwt(config: JwtAuthConfig, read: ReadSecret): Authenticator {
  const { type: _type, tls: _tls, secret, privateKey, passphrase, secretEncoding, algorithm, ...common } = config;
  if ((secret === undefined) === (privateKey === undefined)) {
    throw new AuthError('ERR_AUTH_INVALID_CONFIG', 'jwt: expected exactly one of secret and privateKey', { details: { field: 'jwt' } });
  }
  if (secret !== undefined) {
    return jwtAuth({
      ...common,
      secret: read(secret, 'secret'),
      ...(secretEncoding === undefined ? {} : { secretEncoding }),
      ...(algorithm === undefined ? {} : { algorithm: algorithm as never }),
    });
  }
  return jwtAuth({
    ...common,
    privateKey: read(privateKey as PemSource, 'privateKey'),
    ...(passphrase === undefined ? {} : { passphrase: read(passphrase, 'passphrase') }),
    ...(algorithm === undefined ? {} : { algorithm: algorithm as never }),
  });
}

function buildOAuth2(config: OAuth2AuthConfig, path: string, read: ReadSecret, options: CreateAuthOptions): Authenticator {
  const store = options.store;
  const { type: _type, tls, clientSecret, clientAssertion, refreshToken, accessToken, expiresAt, password, serviceAccount, assertion, tokenUrl, subjectToken, actorToken, dpop, ...rest } = config;
  const secrets = {
    ...(dpop === undefined ? {} : { dpop: buildDpop(dpop, path, read) }),
    ...(tokenUrl === undefined ? {} : { tokenUrl }),
    ...(clientSecret === undefined ? {} : { clientSecret: read(clientSecret, 'clientSecret') }),
    ...(clientAssertion === undefined ? {} : {
      clientAssertion: { ...clientAssertion, ...(clientAssertion.privateKey === undefined ? {} : { privateKey: read(clientAssertion.privateKey, 'clientAssertion.privateKey') }) },
    }),
    ...(refreshToken === undefined ? {} : { refreshToken: read(refreshToken, 'refreshToken') }),
    ...(accessToken === undefined ? {} : { accessToken: read(accessToken, 'accessToken') }),
    ...(expiresAt === undefined ? {} : { expiresAt: typeof expiresAt === 'number' ? expiresAt : Date.parse(expiresAt) }),
    ...(password === undefined ? {} : { password: read(password, 'password', true) }),
    ...(serviceAccount === undefined ? {} : { serviceAccount: read(serviceAccount, 'serviceAccount') }),
    ...(subjectToken === undefined ? {} : { subjectToken: read(subjectToken, 'subjectToken') }),
    ...(actorToken === undefined ? {} : { actorToken: read(actorToken, 'actorToken') }),
    ...(assertion === undefined ? {} : {
      assertion: { ...assertion, ...(assertion.privateKey === undefined ? {} : { privateKey: read(assertion.privateKey, 'assertion.privateKey') }) },
    }),
    ...(store === undefined ? {} : { store }),
  };
  // tls_client_auth presents the certificate on the token request too (API requests get it from build()).
  const tokenTls = tls !== undefined && config.clientAuth === 'tls_client_auth'
    ? { tls: resolveTlsConfig(tls, `${path}.tls`, { env: options.env ?? process.env, baseDir: options.baseDir ?? process.cwd() }) }
    : {};
  // The schema checked each field; oauth2Auth checks which fields each grant needs.
  return renamingFields(`${path}.tls`, () => oauth2Auth({ ...rest, ...secrets, ...tokenTls } as OAuth2AuthOptions));
}

function buildSession(
  config: SessionAuthConfig,
  path: string,
  read: ReadSecret,
  options: CreateAuthOptions,
): Authenticator {
  const { type: _type, tls: _tls, login, ...rest } = config;
  const readAll = (record: Readonly<Record<string, SecretValue>> | undefined, field: string) =>
    record === undefined ? undefined : Object.fromEntries(Object.entries(record).map(([name, value]) => [name, read(value, `login.${field}.${name}`, true)]));
  const query = readAll(login.query, 'query');
  const headers = readAll(login.headers, 'headers');
  const form = readAll(login.form, 'form');
  const resolved = {
    url: login.url,
    ...(login.method === undefined ? {} : { method: login.method }),
    ...(query === undefined ? {} : { query }),
    ...(headers === undefined ? {} : { headers }),
    ...(form === undefined ? {} : { form }),
    ...(login.json === undefined ? {} : { json: resolveJsonSecrets(login.json, 'login.json', read) as { [key: string]: SessionJsonValue } }),
    ...(login.auth === undefined ? {} : { auth: build(login.auth, `${path}.login.auth`, options) }),
  };
  // The schema checked the shape (one token source, json or form); the factory checks the rest.
  return sessionTokenAuth({ ...rest, login: resolved, ...(options.store === undefined ? {} : { store: options.store }) } as SessionTokenAuthOptions);
}

function buildProvider(config: ProviderAuthConfig, read: ReadSecret, store: TokenStore | undefined): Authenticator {
  const { type: _type, tls: _tls, provider, ...rest } = config;
  // A store goes to the presets that keep tokens; a static key (stripe) has no use for one.
  const takesStore = (providerOptionNames[provider] as readonly string[]).includes('store');
  const resolved: Record<string, unknown> = store === undefined || !takesStore ? {} : { store };
  for (const [name, value] of Object.entries(rest)) resolved[name] = isReference(value, 'env') || isReference(value, 'file') ? read(value, name, true) : value;
  // Each preset validates its own options and names the field.
  return provider === 'metabase' ? metabaseAuth(resolved as unknown as MetabaseAuthOptions) : createProviderAuth(provider, resolved as never);
}

/** `{ "env": "NAME" }` or `{ "file": "path" }`: an object whose one key is `key`, holding a string. */
function isReference(value: unknown, key: 'env' | 'file'): value is EnvReference | FileReference {
  return typeof value === 'object' && value !== null && Object.keys(value).length === 1 && typeof (value as Record<string, unknown>)[key] === 'string';
}

/** Replaces every `{ "env": "NAME" }` leaf of a JSON value with the variable's value. */
function resolveJsonSecrets(value: unknown, field: string, read: ReadSecret): unknown {
  if (Array.isArray(value)) return value.map((item, index) => resolveJsonSecrets(item, `${field}[${index}]`, read));
  if (typeof value !== 'object' || value === null) return value;
  if (isReference(value, 'env')) return read(value, field, true);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveJsonSecrets(item, `${field}.${key}`, read)]));
}

function formatPath(root: string, path: readonly PropertyKey[]): string {
  let out = root;
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `.${String(part)}`;
  return out;
}

