import type { Authenticator } from '../../authenticator.js';
import type { TokenLifecycleOptions } from '../common-options.js';
import type { DpopOptions } from '../dpop/dpop.js';
import type { LoginResult } from '../login-types.js';
import type { LoopbackLoginOptions } from '../loopback-options.js';
import type { ClientMetadata } from '../registration/types.js';
import type { AuthorizationServerMetadata } from '../server-metadata.js';
import type { OAuth2Authenticator, RevokeOptions } from '../revocation.js';

/**
 * Options of {@link interactiveAuth}: a client id (or a registration), and how a person signs in.
 * Where the resource and its authorization server are is read from the resource itself (RFC 9728).
 *
 * @example
 * ```ts
 * const options: InteractiveAuthOptions = { clientId: 'my-cli', scope: ['files:read'], store, open: (url) => console.log(url) };
 * ```
 */
export interface InteractiveAuthOptions extends TokenLifecycleOptions {
  /** The client id, when the client is registered already. Without it, `registration` (or its default) registers one. */
  readonly clientId?: string;
  /** The secret of a confidential client. */
  readonly clientSecret?: string;
  /**
   * The client metadata {@link registerClient} sends when there is no `clientId`. Default: a
   * native public client with the loopback redirect `http://127.0.0.1/callback`.
   */
  readonly registration?: ClientMetadata;
  /** The https URL of this client's metadata document, used as `client_id` where the server supports it. */
  readonly clientIdMetadataDocument?: string | URL;
  /** Scopes to ask for besides those the resource requires: its challenge's `scope`, else its `scopes_supported`. */
  readonly scope?: readonly string[];
  /** The resource (its URL): discovered before the first request. Default: discovered from the first 401 (its `resource_metadata`). */
  readonly resource?: string | URL;
  /** The authorization servers accepted (issuer identifiers). Default: any https issuer the resource names. */
  readonly authorizationServers?: readonly string[];
  /** Hands the consent URL to the user (the default login, {@link loopbackLogin}). Default: print it to stderr. */
  readonly open?: (url: string) => void | Promise<void>;
  /**
   * Runs the sign-in: receives the options for {@link loopbackLogin} (server, client, scope,
   * resource, store) and returns its result. Default `loopbackLogin`. A web app passes its own
   * flow here, e.g. one built on `authorizationUrl` and `handleCallback`.
   */
  readonly login?: (options: LoopbackLoginOptions) => Promise<LoginResult>;
  /**
   * Pushed authorization requests (RFC 9126): `true` always (the server must have the endpoint),
   * `false` never (refused when the server requires them). Default: whenever the authorization
   * server's metadata has a `pushed_authorization_request_endpoint`.
   */
  readonly pushedAuthorizationRequests?: boolean;
  /** How long a sign-in may take. Default 300 000. */
  readonly loginTimeoutMs?: number;
  /** Plain `http:` to hosts other than loopback. */
  readonly allowInsecureHttp?: boolean;
  /** The fetch authwire's own requests (metadata, registration, token) use. */
  readonly fetch?: (input: URL, init: RequestInit) => Promise<Response>;
  /**
   * DPoP (RFC 9449) for the tokens, used when the authorization server's metadata lists
   * `dpop_signing_alg_values_supported` or the resource's says `dpop_bound_access_tokens_required`
   * (Bearer otherwise). A generated key takes the first algorithm authwire signs that the server
   * lists. Default: off.
   */
  readonly dpop?: DpopOptions;
}

/**
 * What {@link interactiveAuth} returns: an {@link Authenticator} that discovers, signs in and
 * steps up on its own, and what it has found so far.
 *
 * @example
 * ```ts
 * const auth: InteractiveAuthenticator = interactiveAuth({ clientId: 'my-cli', store });
 * console.log(auth.current()?.scope); // after the first sign-in: the server, client and scope in use
 * ```
 */
export interface InteractiveAuthenticator extends Authenticator {
  /** The authorization server, client id, scope and resource in use, once discovered. */
  current(): InteractiveState | undefined;
  /**
   * Signs out: revokes the current refresh and access token at the server and removes them from
   * the store for every process sharing it (see {@link OAuth2Authenticator.revoke}). The next
   * request signs in again. Before the first sign-in there is nothing to revoke.
   */
  revoke(options?: RevokeOptions): Promise<void>;
  /** Clears timers; never needed for the process to exit. */
  close(): Promise<void>;
}

/**
 * What an {@link InteractiveAuthenticator} uses now.
 *
 * @example
 * ```ts
 * const state: InteractiveState | undefined = auth.current();
 * console.log(state?.scope.join(' '));
 * ```
 */
export interface InteractiveState {
  /** The authorization server's metadata. */
  readonly server: AuthorizationServerMetadata;
  /** The client id in use (configured, registered, or a metadata document's URL). */
  readonly clientId: string;
  /** The scopes asked for in the last sign-in. */
  readonly scope: readonly string[];
  /** The resource indicator (RFC 8707) sent in every authorization and token request. */
  readonly resource: string | undefined;
  /** The authenticator of the current token. */
  readonly authenticator: OAuth2Authenticator;
}
