import { isAuthError } from '../errors.js';
import type { Token, TokenResponseMapping } from '../token.js';
import type { Dpop } from './dpop/dpop.js';
import type { ClientAuthentication } from './client-auth.js';
import type { ParamBuilder } from './params.js';
import { requestToken } from './token-request.js';
import type { OAuth2ParamName, TokenRequestFormat } from './types.js';

/** What every grant shares: where to send, how to name parameters, how the client authenticates. */
export interface GrantContext {
  readonly grant: string;
  readonly tokenUrl: URL;
  readonly params: ParamBuilder;
  /** The joined scope, if any. */
  readonly scope: string | undefined;
  readonly audience: string | undefined;
  readonly resource: readonly string[];
  readonly scopeOnRefresh: boolean;
  /** DPoP, when on: every token request carries a proof. */
  readonly dpop: Dpop | undefined;
  /**
   * Sends one token request: `entries` plus audience/resource (and scope when `withScope`), the
   * extra parameters and headers, the client's credentials.
   */
  send(request: GrantRequest): Promise<Token>;
}

/** One token request of a grant. */
export interface GrantRequest {
  /**
   * The grant this request uses, for messages, when it is not the authenticator's own: a refresh
   * of an `authorization_code`, `device_code` or `password` token is a `refresh_token` request.
   */
  readonly grant?: string;
  readonly entries: ReadonlyArray<readonly [OAuth2ParamName, string | undefined]>;
  readonly withScope: boolean;
  /** Secret values among `entries` (refresh token, password, assertion). */
  readonly secrets: readonly string[];
  readonly invalidGrantMeansReauth: boolean;
  readonly signal: AbortSignal;
  /** Parameters beyond the standard ones, appended after them (a code exchange's `accessTokenParams`). */
  readonly extra?: ReadonlyArray<readonly [string, string]>;
  /** The body encoding of this request, when not the authenticator's own. */
  readonly format?: TokenRequestFormat;
}

/** What {@link createGrantContext} needs. */
export interface GrantContextOptions {
  readonly grant: string;
  readonly tokenUrl: URL;
  readonly params: ParamBuilder;
  readonly clientAuth: ClientAuthentication;
  readonly scope: string | undefined;
  readonly audience: string | undefined;
  readonly resource: readonly string[];
  readonly scopeOnRefresh: boolean;
  readonly extraHeaders: Readonly<Record<string, string>>;
  readonly format: TokenRequestFormat;
  readonly mapping: TokenResponseMapping | undefined;
  readonly fetch: ((input: URL, init: RequestInit) => Promise<Response>) | undefined;
  readonly dpop?: Dpop | undefined;
}

/** Builds the {@link GrantContext} of one authenticator. */
export function createGrantContext(options: GrantContextOptions): GrantContext {
  const { params, clientAuth, dpop } = options;
  const fetch = options.fetch ?? ((input: URL, init: RequestInit) => globalThis.fetch(input, init));
  return {
    grant: options.grant,
    tokenUrl: options.tokenUrl,
    params,
    scope: options.scope,
    audience: options.audience,
    resource: options.resource,
    scopeOnRefresh: options.scopeOnRefresh,
    dpop,
    async send(request) {
      const key = dpop === undefined ? undefined : await dpop.requestKey();
      // A DPoP nonce the server asks for (use_dpop_nonce) is answered with exactly one more request.
      for (let attempt = 0; ; attempt += 1) {
        let fresh = false;
        try {
          const token = await sendOnce(request, key === undefined || dpop === undefined ? undefined : {
            proof: dpop.proof(key, { method: 'POST', url: options.tokenUrl }),
            onResponse: (headers) => {
              fresh = dpop.noteNonce(options.tokenUrl, headers) || fresh;
            },
          });
          // A token bound to the key keeps it, so that whoever reads it from the store proves with the same key.
          return key !== undefined && token.tokenType.toLowerCase() === 'dpop' ? { ...token, dpopKey: key.serialized } : token;
        } catch (error) {
          if (attempt === 0 && fresh && isAuthError(error) && error.details['error'] === 'use_dpop_nonce') continue;
          throw error;
        }
      }
    },
  };

  async function sendOnce(request: GrantRequest, proof: { proof: string; onResponse: (headers: Headers) => void } | undefined): Promise<Token> {
    const body = params.build([
      ...request.entries,
      ['scope', request.withScope ? options.scope : undefined],
      ['audience', options.audience],
      ['resource', options.resource],
    ]);
    for (const [name, value] of request.extra ?? []) body.append(name, value);
    const headers = new Headers(options.extraHeaders);
    if (proof !== undefined) headers.set('DPoP', proof.proof);
    const added = await clientAuth.apply(body, headers);
    const secrets = [...request.secrets, ...added];
    for (const [name, value] of body) if (!['grant_type', 'scope', 'audience', 'resource', 'client_id', 'username'].includes(name)) secrets.push(value);
    return requestToken({
      grant: request.grant ?? options.grant,
      url: options.tokenUrl,
      params: body,
      format: request.format ?? options.format,
      headers,
      signal: request.signal,
      mapping: options.mapping,
      secrets: secrets.filter((secret) => secret.length > 0),
      invalidGrantMeansReauth: request.invalidGrantMeansReauth,
      fetch,
      ...(proof === undefined ? {} : { onResponse: proof.onResponse }),
    });
  }
}
