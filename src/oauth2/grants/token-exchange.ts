import { AuthError, invalidConfig, isAuthError } from '../../errors.js';
import { withoutRefreshToken, type Token } from '../../token.js';
import { passOn } from '../../token-manager/failure.js';
import { fingerprint } from '../../token-manager/key.js';
import type { FetchToken } from '../../token-manager/types.js';
import type { GrantContext } from '../grant-context.js';
import type { ExchangeTokenInput, TokenExchangeGrantOptions, TokenHolder } from '../token-exchange-types.js';
import { optionalString } from '../../validate/values.js';

/** RFC 8693 §2.1. */
export const TOKEN_EXCHANGE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const accessTokenType = 'urn:ietf:params:oauth:token-type:access_token';
/** What a token type URI must look like: `scheme:rest`, no white space (the config schema uses it too). */
export const TOKEN_TYPE_URI_PATTERN = '^[A-Za-z][A-Za-z0-9+.-]*:[^\\s]+$';

/** One token input, checked: how to read it now, and what identifies its subject. */
interface TokenInput {
  read(signal: AbortSignal): Promise<{ readonly value: string; readonly holder?: TokenHolder }>;
  readonly kind: 'string' | 'function' | 'holder';
  readonly identity: string | undefined;
}

/** The token exchange settings, checked when the authenticator is created. */
export interface TokenExchangeSetup {
  readonly subject: TokenInput;
  readonly subjectTokenType: string;
  readonly actor: TokenInput | undefined;
  readonly actorTokenType: string | undefined;
  readonly requestedTokenType: string | undefined;
  /** The cache key's subject. */
  readonly cacheSubject: string;
}

/** Checks the token exchange options (throws `ERR_AUTH_INVALID_CONFIG` naming the field). */
export function tokenExchangeSetup(options: TokenExchangeGrantOptions): TokenExchangeSetup {
  const subject = tokenInput(options.subjectToken, 'subjectToken');
  const actor = options.actorToken === undefined ? undefined : tokenInput(options.actorToken, 'actorToken');
  const subjectTokenType = tokenTypeUri(options.subjectTokenType, 'subjectTokenType') ?? accessTokenType;
  const actorTokenType = tokenTypeUri(options.actorTokenType, 'actorTokenType');
  if (actorTokenType !== undefined && actor === undefined) throw invalidConfig('actorTokenType', 'only together with actorToken');
  const requestedTokenType = tokenTypeUri(options.requestedTokenType, 'requestedTokenType');
  const given = optionalString(options.subject, 'subject');
  const identity = given ?? subject.identity;
  if (identity === undefined) throw invalidConfig('subject', 'whose token this is (needed with a subjectToken function: it names the cached token)');
  const actorPart = actor?.identity === undefined ? '' : `|actor:${actor.identity}`;
  return {
    subject,
    subjectTokenType,
    actor,
    actorTokenType: actor === undefined ? undefined : (actorTokenType ?? accessTokenType),
    requestedTokenType,
    cacheSubject: `${identity}${actorPart}`,
  };
}

/**
 * The token exchange grant: each fetch reads the subject (and actor) token current now and sends
 * it. When the subject is an authenticator and the server refuses its token (`invalid_grant`),
 * that authenticator is told (its token is refreshed) and the exchange is tried once more.
 *
 * @see https://www.rfc-editor.org/rfc/rfc8693#section-2.1
 */
export function tokenExchangeGrant(context: GrantContext, setup: TokenExchangeSetup): FetchToken {
  const exchange = async (signal: AbortSignal, mayRetry: boolean): Promise<Token> => {
    const subject = await readInput(setup.subject, 'subjectToken', signal);
    const actor = setup.actor === undefined ? undefined : await readInput(setup.actor, 'actorToken', signal);
    const extra: Array<[string, string]> = [
      ['subject_token', subject.value],
      ['subject_token_type', setup.subjectTokenType],
    ];
    if (actor !== undefined) extra.push(['actor_token', actor.value], ['actor_token_type', setup.actorTokenType ?? accessTokenType]);
    if (setup.requestedTokenType !== undefined) extra.push(['requested_token_type', setup.requestedTokenType]);
    try {
      return await context.send({
        entries: [['grant_type', TOKEN_EXCHANGE_GRANT_TYPE]],
        extra,
        withScope: true,
        secrets: [subject.value, ...(actor === undefined ? [] : [actor.value])],
        // A fixed subject token that is refused stays refused; a function or an authenticator may give a new one.
        invalidGrantMeansReauth: setup.subject.kind === 'string',
        signal,
      });
    } catch (error) {
      const manager = subject.holder?.tokenManager;
      if (!mayRetry || !isAuthError(error) || error.details.error !== 'invalid_grant' || manager?.rejectToken === undefined) throw error;
      await manager.rejectToken(subject.value, { signal });
      return exchange(signal, false);
    }
  };
  return async ({ signal }) => withoutRefreshToken(await exchange(signal, true));
}

/**
 * Reads a subject or actor token. When its authenticator must sign in again, the exchange waits
 * for that sign-in rather than stopping its own cached token: the next call reads it anew.
 */
async function readInput(input: TokenInput, field: string, signal: AbortSignal): Promise<Awaited<ReturnType<TokenInput['read']>>> {
  try {
    return await input.read(signal);
  } catch (error) {
    throw isAuthError(error, 'ERR_AUTH_REAUTH_REQUIRED') ? passOn(error, field) : error;
  }
}

function tokenInput(value: ExchangeTokenInput | undefined, field: string): TokenInput {
  if (typeof value === 'string') {
    if (value === '') throw invalidConfig(field, 'a non-empty token, a function returning one, or an authenticator');
    return { kind: 'string', identity: `${field}:${fingerprint(value)}`, read: async () => ({ value }) };
  }
  if (typeof value === 'function') {
    return {
      kind: 'function',
      identity: undefined,
      read: async () => ({ value: checkRead(await value(), field) }),
    };
  }
  if (typeof value === 'object' && value !== null && typeof value.getToken === 'function') {
    const holder = value;
    const key = holder.tokenManager?.key;
    return {
      kind: 'holder',
      identity: typeof key === 'string' ? `${field}:${key}` : undefined,
      read: async (signal) => ({ value: checkRead((await holder.getToken({ signal })).accessToken, field), holder }),
    };
  }
  throw invalidConfig(field, 'a non-empty token, a function returning one, or an authenticator with getToken()');
}

function checkRead(value: unknown, field: string): string {
  if (typeof value === 'string' && value !== '') return value;
  throw new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', `token request (token_exchange): ${field} gave no token (expected a non-empty string)`, { details: { retryable: false } });
}

function tokenTypeUri(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !new RegExp(TOKEN_TYPE_URI_PATTERN).test(value)) throw invalidConfig(field, 'a token type URI such as urn:ietf:params:oauth:token-type:access_token');
  return value;
}
