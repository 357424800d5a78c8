import type { Token, TokenResponseMapping } from '../token.js';
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
}

/** Builds the {@link GrantContext} of one authenticator. */
export function createGrantContext(options: GrantContextOptions): GrantContext {
  const { params, clientAuth } = options;
  return {
    grant: options.grant,
    tokenUrl: options.tokenUrl,
    params,
    scope: options.scope,
    audience: options.audience,
    resource: options.resource,
    scopeOnRefresh: options.scopeOnRefresh,
    async send(request) {
      const body = params.build([
        ...request.entries,
        ['scope', request.withScope ? options.scope : undefined],
        ['audience', options.audience],
        ['resource', options.resource],
      ]);
      for (const [name, value] of request.extra ?? []) body.append(name, value);
      const headers = new Headers(options.extraHeaders);
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
        fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      });
    },
  };
}
