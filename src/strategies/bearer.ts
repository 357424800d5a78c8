import type { AuthContext, Authenticator, AuthRequest } from '../authenticator.js';
import { isSendableHeaderValue, unsendableHeaderValue } from '../adapter-kit/header-value.js';
import { AuthError, invalidConfig } from '../errors.js';
import { applyPlacement, validatePlacement, type Placement } from '../placement.js';
import { placedHeader, withHeadersAtHand } from '../headers-at-hand.js';
import { runNow } from '../run-now.js';
import { checkOptionNames, optionNames } from '../validate/option-names.js';
import { requiredString } from '../validate/values.js';

const bearerNames = optionNames<BearerAuthOptions>()(['token', 'getToken', 'prefix', 'placement'], { token: '' });

/** Shared options of {@link bearerAuth}. */
interface BearerAuthCommon {
  /** Written before the token; `Bearer` by default. Use `JWT`, `Token`, or `''` for the bare token. */
  readonly prefix?: string;
  /** Where the token goes; `Authorization` header by default. Not together with `prefix`. */
  readonly placement?: Placement;
}

/**
 * {@link bearerAuth} with a fixed token.
 *
 * @example
 * ```ts
 * const options: StaticBearerAuthOptions = { token: process.env.NETLIFY_TOKEN ?? '' };
 * ```
 */
export interface StaticBearerAuthOptions extends BearerAuthCommon {
  /** The token. */
  readonly token: string;
  /** Not allowed together with `token`. */
  readonly getToken?: never;
}

/**
 * {@link bearerAuth} with a token from a callback, asked on every attempt.
 *
 * @example
 * ```ts
 * const options: DynamicBearerAuthOptions = { getToken: () => readFileSync('/run/secrets/api-token', 'utf8').trim() };
 * ```
 */
export interface DynamicBearerAuthOptions extends BearerAuthCommon {
  /** Returns the current token; may be async. Called on every attempt, so cache inside if it is slow. */
  readonly getToken: (signal?: AbortSignal) => string | Promise<string>;
  /** Not allowed together with `getToken`. */
  readonly token?: never;
}

/**
 * Options of {@link bearerAuth}: exactly one of `token` and `getToken`.
 *
 * @example
 * ```ts
 * const options: BearerAuthOptions = { token: process.env.BASEROW_JWT ?? '', prefix: 'JWT' };
 * const auth = bearerAuth(options);
 * ```
 */
export type BearerAuthOptions = StaticBearerAuthOptions | DynamicBearerAuthOptions;

/**
 * A bearer token (RFC 6750) from a string or a callback, with a configurable prefix.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6750
 * @example
 * ```ts
 * const auth = bearerAuth({ token: process.env.NETLIFY_TOKEN ?? '' });
 * const baserow = bearerAuth({ getToken: () => readToken(), prefix: 'JWT' });
 * ```
 */
export function bearerAuth(options: BearerAuthOptions): Authenticator {
  checkOptionNames(options, bearerNames, 'bearerAuth');
  const { token, getToken, prefix } = (options ?? {}) as {
    token?: unknown;
    getToken?: DynamicBearerAuthOptions['getToken'];
    prefix?: unknown;
  };
  if ((token === undefined) === (getToken === undefined)) throw invalidConfig('bearer', 'exactly one of token and getToken');
  if (token !== undefined) requiredString(token, 'bearer.token');
  if (getToken !== undefined && typeof getToken !== 'function') throw invalidConfig('bearer.getToken', 'a function');
  if (prefix !== undefined && (typeof prefix !== 'string' || /[\s]/.test(prefix))) throw invalidConfig('bearer.prefix', 'a single word such as Bearer, or an empty string');
  if (prefix !== undefined && options.placement !== undefined) throw invalidConfig('bearer.prefix', 'no prefix when placement is given (set placement.prefix)');
  const placement: Placement = options.placement ?? { in: 'header', name: 'Authorization', prefix: prefix ?? 'Bearer' };
  validatePlacement(placement, 'bearer.placement');
  if (typeof token === 'string' && placement.in === 'header' && !isSendableHeaderValue(token)) throw unsendableHeaderValue('bearer.token');
  const scheme = placement.in === 'header' ? (placement.prefix ?? '') : '';
  if (typeof token === 'string' && startsWithScheme(token, scheme)) throw doubledScheme('bearer.token', scheme, options.placement !== undefined);
  const use = (request: AuthRequest, context: AuthContext, value: unknown): void => {
    if (typeof value !== 'string' || value.length === 0) {
      throw new AuthError('ERR_AUTH_INVALID_CONFIG', 'bearer.getToken: returned no token (expected a non-empty string)', { details: { field: 'bearer.getToken' } });
    }
    if (getToken !== undefined && startsWithScheme(value, scheme)) throw doubledScheme('bearer.getToken', scheme, options.placement !== undefined);
    applyPlacement(request, placement, value);
    context.credential = value;
  };
  if (getToken !== undefined) return { name: 'bearer', authenticate: async (request, context) => use(request, context, await getToken(context.signal)) };
  const atHand = placedHeader(placement, token as string);
  const authenticate: Authenticator['authenticate'] = (request, context) => runNow(use, request, context, token);
  return {
    name: 'bearer',
    authenticate:
      atHand === undefined
        ? authenticate
        : withHeadersAtHand(authenticate, (context) => {
            context.credential = token;
            return atHand;
          }),
  };
}

/** Whether `token` already starts with the scheme the header gets (`Bearer x` with prefix `Bearer`), which would be sent twice. */
function startsWithScheme(token: string, scheme: string): boolean {
  return scheme !== '' && token.trimStart().toLowerCase().startsWith(`${scheme.toLowerCase()} `);
}

/** The error for a token that holds its own scheme; the token itself is never quoted. */
function doubledScheme(field: string, scheme: string, placement: boolean): AuthError {
  const option = placement ? 'placement.prefix' : 'prefix';
  const what = field === 'bearer.token' ? 'the token starts with' : 'getToken returned a token that starts with';
  return new AuthError(
    'ERR_AUTH_INVALID_CONFIG',
    `${field}: ${what} '${scheme} ', which bearerAuth adds itself (the ${option} option), so it would be sent as '${scheme} ${scheme} …'; pass the bare token, or set ${option}: '' to send the value as it is`,
    { details: { field } },
  );
}
