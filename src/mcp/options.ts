import type { PendingAuthorization } from '../oauth2/authorization-code/pending.js';
import type { OAuth2ClientAuthMethod, TokenLifecycleOptions } from '../oauth2/common-options.js';
import type { DpopOptions } from '../oauth2/dpop/dpop.js';
import type { ClientMetadata } from '../oauth2/registration/types.js';
import type { TokenAuthenticator } from '../token-authenticator.js';

/**
 * The signature of the Model Context Protocol SDK's `FetchLike`: what its transports accept as
 * their `fetch` option.
 *
 * @example
 * ```ts
 * const fetch: McpFetch = provider.fetch;
 * const transport = new StreamableHTTPClientTransport(new URL(serverUrl), { fetch });
 * ```
 */
export type McpFetch = (url: string | URL, init?: RequestInit) => Promise<Response>;

/**
 * Sign-in for a CLI or desktop app: `loopbackLogin` (from `authwire`) on `127.0.0.1`, with the browser opened
 * by `open` (default: the URL is printed to stderr).
 *
 * @example
 * ```ts
 * const login: McpLoopbackLogin = {
 *   open: (url) => { spawn('xdg-open', [url], { stdio: 'ignore', detached: true }).unref(); },
 *   timeoutMs: 120_000,
 * };
 * ```
 */
export interface McpLoopbackLogin {
  /** Hands the consent URL to the user. Default: print it to stderr. */
  readonly open?: (url: string) => void | Promise<void>;
  /** The port on 127.0.0.1. Default `0`: a free port (register `http://127.0.0.1/callback`, any port). */
  readonly port?: number;
  /** The callback path. Default `/callback`. */
  readonly callbackPath?: string;
  /** How long to wait for the browser. Default 300 000 (5 minutes); then `ERR_AUTH_TIMEOUT`. */
  readonly timeoutMs?: number;
}

/**
 * Sign-in for a web app, through your own redirect handler: authwire builds the consent URL and
 * hands it to `redirect` with the pending authorization; you send the user's browser there, keep
 * `pending` (e.g. `pending.toRecord()` in the session) and, when the browser comes back to
 * `redirectUri`, call {@link McpAuthProvider.finishSignIn}. The request that needed the sign-in
 * fails with `ERR_AUTH_REAUTH_REQUIRED` (`details.reason: 'sign-in-started'`).
 *
 * @example
 * ```ts
 * const login: McpRedirectLogin = {
 *   redirectUri: 'https://app.example.com/mcp/callback',
 *   redirect: (url, pending) => { session.mcp = pending.toRecord(); session.next = url; },
 * };
 * ```
 */
export interface McpRedirectLogin {
  /** Where the authorization server sends the browser back: registered for this client. */
  readonly redirectUri: string | URL;
  /** Sends the user to `url`; keep `pending` for {@link McpAuthProvider.finishSignIn}. */
  readonly redirect: (url: string, pending: PendingAuthorization) => void | Promise<void>;
}

/**
 * Options of {@link mcpAuthProvider}. Only `serverUrl` is required: without `issuer` and
 * `tokenUrl` everything else is discovered from the server's first 401 (its RFC 9728 protected
 * resource metadata, then the authorization server's RFC 8414 metadata), and without `clientId`
 * the client registers itself (RFC 7591, kept in `store`: one registration per authorization
 * server for every process sharing it) or uses `clientIdMetadataDocument`. Share a `store`
 * between processes so they share one registration, one token and one refresh.
 *
 * @example
 * ```ts
 * const discovered: McpAuthProviderOptions = { serverUrl: 'https://mcp.example.com/mcp', store: new RedisTokenStore({ client: redis }) };
 * const configured: McpAuthProviderOptions = {
 *   serverUrl: 'https://mcp.example.com/mcp',
 *   issuer: 'https://auth.example.com',
 *   clientId: 'my-mcp-cli',
 *   scope: ['mcp:tools', 'offline_access'],
 *   store: new RedisTokenStore({ client: redis }),
 * };
 * ```
 */
export interface McpAuthProviderOptions extends TokenLifecycleOptions {
  /** The MCP server's Streamable HTTP endpoint. Credentials go to its origin only. */
  readonly serverUrl: string | URL;
  /**
   * The authorization server's issuer identifier: its endpoints are read from its RFC 8414
   * metadata on first use, and `clientId` is required. Default: the authorization server the
   * MCP server names in its protected resource metadata, found from its first 401.
   */
  readonly issuer?: string;
  /** The authorization endpoint, instead of discovering it from `issuer`. */
  readonly authorizationEndpoint?: string | URL;
  /** The token endpoint, instead of discovering it from `issuer`. */
  readonly tokenUrl?: string | URL;
  /**
   * The client id registered at the authorization server. Required with `issuer` or `tokenUrl`;
   * when discovering, the default is a registration (`registration`) or `clientIdMetadataDocument`.
   */
  readonly clientId?: string;
  /**
   * When discovering without `clientId`: the client metadata registered (RFC 7591). Default a
   * native public client named `authwire` with the loopback redirect `http://127.0.0.1/callback`
   * (with `login.redirectUri`, that URI instead).
   */
  readonly registration?: ClientMetadata;
  /**
   * When discovering without `clientId`: the https URL of this client's metadata document, used
   * as the client id where the authorization server says `client_id_metadata_document_supported`
   * (elsewhere the client registers).
   */
  readonly clientIdMetadataDocument?: string | URL;
  /** When discovering: the authorization servers (issuer identifiers) accepted. Default: any https (or loopback) issuer the MCP server names. */
  readonly authorizationServers?: readonly string[];
  /**
   * DPoP (RFC 9449): `{}` for a generated key (kept in `store` beside the token). When
   * discovering, used only if the authorization server's metadata lists
   * `dpop_signing_alg_values_supported` (or the MCP server requires DPoP-bound tokens); with
   * `issuer` or `tokenUrl`, always. Default: off (Bearer tokens).
   */
  readonly dpop?: DpopOptions;
  /** The client secret, for a confidential client. */
  readonly clientSecret?: string;
  /** How the client authenticates at the token endpoint. Default: `client_secret_basic` with a secret, `none` without. */
  readonly clientAuth?: OAuth2ClientAuthMethod;
  /**
   * The scopes to ask for at sign-in. When discovering, these come first, then those the server's
   * challenge names (else its `scopes_supported`).
   */
  readonly scope?: readonly string[];
  /**
   * The resource indicator (RFC 8707) sent with the authorization request and every token
   * request, with `issuer` or `tokenUrl`. Default: `serverUrl` (the MCP server's canonical URI,
   * as the MCP authorization spec asks). When discovering it is the `resource` of the server's
   * protected resource metadata, and this option is refused.
   */
  readonly resource?: string;
  /**
   * How a user signs in when there is no usable token: loopback (the default, `{}`), your own
   * redirect handler ({@link McpRedirectLogin}), or `false` for processes that must never ask
   * (workers using a token another process signed in for): they fail with `ERR_AUTH_REAUTH_REQUIRED`.
   */
  readonly login?: McpLoopbackLogin | McpRedirectLogin | false;
  /** The fetch that sends MCP requests and token requests. Default `globalThis.fetch`. */
  readonly fetch?: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  /** Allow plain `http:` to hosts other than loopback. Off by default. */
  readonly allowInsecureHttp?: boolean;
}

/**
 * Options of {@link McpAuthProvider.signIn}.
 *
 * @example
 * ```ts
 * await provider.signIn({ signal: AbortSignal.timeout(120_000) });
 * ```
 */
export interface McpSignInOptions {
  /** Stops waiting for the sign-in (`ERR_AUTH_ABORTED`). */
  readonly signal?: AbortSignal;
}

/**
 * What {@link mcpAuthProvider} returns: a `fetch` for the MCP SDK's transport that authenticates
 * every request, signs the user in when needed and refreshes the token ahead of expiry, once per
 * expiry across every process sharing the store.
 *
 * @example
 * ```ts
 * const provider = mcpAuthProvider(options);
 * const transport = new StreamableHTTPClientTransport(provider.serverUrl, { fetch: provider.fetch });
 * ```
 */
export interface McpAuthProvider {
  /** The MCP server's endpoint. */
  readonly serverUrl: URL;
  /**
   * The resource indicator sent on authorization and token requests. When discovering: `serverUrl`
   * until the server's metadata is read, then the `resource` it names.
   */
  readonly resource: string;
  /**
   * Pass it as the transport's `fetch` (and no `authProvider`): authwire then owns the token,
   * its refresh and the one retry after a 401.
   */
  readonly fetch: McpFetch;
  /**
   * Signs the user in now unless the store already holds a usable token (yours, or one another
   * process signed in for). With {@link McpRedirectLogin} it starts the redirect and rejects
   * with `ERR_AUTH_REAUTH_REQUIRED`. When discovering, it sends what the SDK's transport sends to
   * open its event stream (a GET of `serverUrl`) and answers the 401 as any request's.
   */
  signIn(options?: McpSignInOptions): Promise<void>;
  /**
   * Completes a sign-in started through {@link McpRedirectLogin}: checks the callback (state,
   * issuer, error) and exchanges the code, as `handleCallback` (from `authwire`) does; the token is stored.
   */
  finishSignIn(callbackUrl: string | URL, pending: PendingAuthorization, options?: McpSignInOptions): Promise<void>;
  /**
   * The token authenticator behind `fetch` (for another client, or `getToken()`), once the
   * endpoints are known. When discovering, the one of the current sign-in (a step-up replaces it);
   * before discovery this signs in first.
   */
  authenticator(): Promise<TokenAuthenticator>;
  /** Clears timers; never needed for the process to exit. */
  close(): Promise<void>;
}
