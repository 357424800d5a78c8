import type { AuthContext, Authenticator, AuthRequest, ClientTls } from '../authenticator.js';
import { AuthError, invalidConfig } from '../errors.js';
import { checkOptionNames, optionNames } from '../validate/option-names.js';

/**
 * Picks an option per request: returns one of the names in `options`.
 *
 * @example
 * ```ts
 * const select: SelectiveAuthSelectFunction = (request) => (request.method === 'GET' ? 'read' : 'write');
 * ```
 */
export type SelectiveAuthSelectFunction = (request: AuthRequest) => string | Promise<string>;

/**
 * Picks an option once, when the authenticator is created, from a value in a config object
 * (Airbyte's selective authenticator reading `config.auth_type`, say).
 *
 * @example
 * ```ts
 * const select: SelectiveAuthConfigSelector = { config: connectorConfig, path: 'credentials.auth_type' };
 * ```
 */
export interface SelectiveAuthConfigSelector {
  /** The config object, e.g. a connector's parsed settings. Read once, when the authenticator is created. */
  readonly config: object;
  /**
   * Where the option's name is in `config`: a dotted path such as `credentials.auth_type`, or its
   * segments as an array, as Airbyte's `authenticator_selection_path` gives them
   * (`['credentials', 'auth_type']`; a segment may then hold a dot). A numeric segment indexes an array.
   */
  readonly path: string | readonly string[];
}

/**
 * Options of {@link selectiveAuth}.
 *
 * @example
 * ```ts
 * const options: SelectiveAuthOptions<'token' | 'none'> = {
 *   select: { config: { auth: { type: 'token' } }, path: 'auth.type' },
 *   options: { token: bearerAuth({ token: process.env.API_TOKEN ?? '' }), none: noAuth() },
 * };
 * ```
 */
export interface SelectiveAuthOptions<Name extends string = string> {
  /** How the option is chosen: a value in a config object (checked at creation) or a function of the request. */
  readonly select: SelectiveAuthConfigSelector | SelectiveAuthSelectFunction;
  /** The named authenticators to choose from; at least one. */
  readonly options: Readonly<Record<Name, Authenticator>>;
}

const selectiveNames = optionNames<SelectiveAuthOptions>()(['select', 'options']);
const selectorNames = optionNames<SelectiveAuthConfigSelector>()(['config', 'path']);

/** What `selectiveAuth` keeps in `context.credential`: which option authenticated, and its own credential. */
class SelectedCredential {
  constructor(
    readonly option: string,
    readonly credential: unknown,
  ) {}
}

/**
 * One of several authenticators, chosen by a value from config or by a function of the request.
 * An unknown value is an `ERR_AUTH_UNKNOWN_OPTION` error listing the valid names; a config value
 * is checked when the authenticator is created. A refusal is handed to the option that
 * authenticated that request; `close()` closes every option.
 *
 * @example
 * ```ts
 * const config = { credentials: { auth_type: 'api_key', api_key: process.env.API_KEY ?? '' } };
 * const auth = selectiveAuth({
 *   select: { config, path: 'credentials.auth_type' },
 *   options: {
 *     api_key: apiKeyAuth({ key: config.credentials.api_key, in: 'header', name: 'X-API-Key' }),
 *     none: noAuth(),
 *   },
 * });
 * const byHost = selectiveAuth({
 *   select: (request) => (request.url.hostname === 'uploads.example.com' ? 'upload' : 'api'),
 *   options: { api: bearerAuth({ token }), upload: apiKeyAuth({ key: uploadKey, in: 'header', name: 'X-Upload-Key' }) },
 * });
 * ```
 */
export function selectiveAuth<Name extends string>(options: SelectiveAuthOptions<Name>): Authenticator {
  checkOptionNames(options, selectiveNames, 'selectiveAuth');
  const { select, options: choices } = (options ?? {}) as { select?: unknown; options?: unknown };
  const named = checkOptions(choices);
  const names = [...named.keys()];

  if (typeof select === 'function') {
    const pick = select as SelectiveAuthSelectFunction;
    const tls = sharedTls(named);
    const choose = async (request: AuthRequest): Promise<[string, Authenticator]> => {
      const value: unknown = await pick(request);
      return [typeof value === 'string' ? value : '', lookup(named, value, 'the value select() returned')];
    };
    return selector(`selective(${names.join('|')})`, named, choose, tls);
  }

  if (typeof select !== 'object' || select === null) throw invalidConfig('selective.select', 'a function or { config, path }');
  checkOptionNames(select, selectorNames, 'selectiveAuth.select');
  const { config, path } = select as { config?: unknown; path?: unknown };
  if (typeof config !== 'object' || config === null) throw invalidConfig('selective.select.config', 'an object');
  const segments = pathSegments(path);
  const where = `config.${segments.join('.')}`;
  const value = readPath(config, segments);
  if (value !== undefined && typeof value !== 'string') throw invalidConfig('selective.select.path', `a string at ${where} (found ${describeType(value)})`);
  const chosen = lookup(named, value, where);
  const name = value as string;
  return selector(`selective(${name}: ${chosen.name})`, named, async () => [name, chosen], chosen.tls);
}

function selector(
  name: string,
  named: ReadonlyMap<string, Authenticator>,
  choose: (request: AuthRequest) => Promise<[string, Authenticator]>,
  tls: ClientTls | undefined,
): Authenticator {
  return {
    name,
    ...(tls === undefined ? {} : { tls }),
    async authenticate(request, context) {
      const [option, auth] = await choose(request);
      const own: AuthContext = { ...context, credential: undefined };
      await auth.authenticate(request, own);
      context.credential = new SelectedCredential(option, own.credential);
    },
    async challenge(response, request, context) {
      const sent = context.credential;
      if (!(sent instanceof SelectedCredential)) return false;
      const auth = named.get(sent.option);
      if (auth?.challenge === undefined) return false;
      return auth.challenge(response, request, { ...context, credential: sent.credential });
    },
    async close() {
      await Promise.all([...new Set(named.values())].map((auth) => auth.close?.()));
    },
  };
}

function checkOptions(choices: unknown): Map<string, Authenticator> {
  if (typeof choices !== 'object' || choices === null || Array.isArray(choices)) throw invalidConfig('selective.options', 'an object of named authenticators');
  const named = new Map<string, Authenticator>();
  for (const [key, auth] of Object.entries(choices)) {
    if (typeof (auth as Partial<Authenticator> | null)?.authenticate !== 'function') throw invalidConfig(`selective.options.${key}`, 'an Authenticator');
    named.set(key, auth as Authenticator);
  }
  if (named.size === 0) throw invalidConfig('selective.options', 'at least one named authenticator');
  return named;
}

/**
 * The TLS settings a function selector can promise for every request: adapters apply `tls` per
 * authenticator, so options with different client certificates cannot be mixed.
 */
function sharedTls(named: ReadonlyMap<string, Authenticator>): ClientTls | undefined {
  const all = new Set([...named.values()].map((auth) => auth.tls));
  if (all.size === 1) return [...all][0];
  throw invalidConfig('selective.options', 'options with the same tls settings (or none) when select is a function; use a config selector to choose a client certificate');
}

/** The segments of a dotted path or of an array of segments; none may be empty. */
function pathSegments(path: unknown): readonly string[] {
  const segments = typeof path === 'string' ? path.split('.') : path;
  if (!Array.isArray(segments) || segments.length === 0 || segments.some((part) => typeof part !== 'string' || part.length === 0)) {
    throw invalidConfig('selective.select.path', 'a dotted path without empty segments, e.g. "credentials.auth_type", or an array of segments, e.g. ["credentials", "auth_type"]');
  }
  return segments as readonly string[];
}

/** Reads a path through own properties only (`__proto__`, `constructor` lead nowhere). */
function readPath(config: object, segments: readonly string[]): unknown {
  let node: unknown = config;
  for (const key of segments) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/**
 * Finds the option named `value`. The value itself never appears in the error (a mistyped path
 * could point at a secret); the valid names, and a near match, do.
 */
function lookup(named: ReadonlyMap<string, Authenticator>, value: unknown, source: string): Authenticator {
  const found = typeof value === 'string' ? named.get(value) : undefined;
  if (found !== undefined) return found;
  const names = [...named.keys()];
  const valid = names.map((name) => `'${name}'`).join(', ');
  const near = typeof value === 'string' ? names.find((name) => normalize(name) === normalize(value)) : undefined;
  const what = value === undefined ? 'is missing' : typeof value === 'string' ? 'matches no option' : `is a ${describeType(value)}, not an option name`;
  return unknownOption(`selective: ${source} ${what}; expected one of ${valid}${near === undefined ? '' : ` (did you mean '${near}'?)`}`, source, names);
}

function unknownOption(message: string, source: string, names: string[]): never {
  throw new AuthError('ERR_AUTH_UNKNOWN_OPTION', message, { details: { field: 'selective.select', source, options: names.join(',') } });
}

function normalize(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_-]+/g, '');
}

function describeType(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}
