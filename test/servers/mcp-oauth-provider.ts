// The authorization server behind the test MCP server: the SDK's own OAuthServerProvider
// interface (mounted by its mcpAuthRouter), in memory, as strict as a real one where the tests
// look. A consent page the browser must submit; one-time codes bound to the PKCE challenge;
// short-lived access tokens; rotating refresh tokens, where using one a second time revokes its
// whole family (every refresh and access token descended from the same sign-in); the resource
// indicator checked on the authorization, code and refresh requests alike.
import { randomBytes } from 'node:crypto';
import type { OAuthRegisteredClientsStore } from '@modelcontextprotocol/sdk/server/auth/clients.js';
import { InvalidGrantError, InvalidTargetError, InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type { AuthorizationParams, OAuthServerProvider } from '@modelcontextprotocol/sdk/server/auth/provider.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { OAuthClientInformationFull, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';

/** One answer of the token endpoint, as the tests read it. */
export interface McpTokenEvent {
  readonly grant: 'authorization_code' | 'refresh_token';
  readonly ok: boolean;
  /** `invalid_grant`, `reuse` (a rotated refresh token sent again: its family is revoked), `invalid_target`. */
  readonly error?: string;
  /** The `resource` parameter the request carried. */
  readonly resource: string | undefined;
  /** `Date.now()` when it was answered. */
  readonly at: number;
}

interface Family {
  revoked: boolean;
  readonly scopes: string[];
  readonly clientId: string;
}
interface Pending {
  readonly client: OAuthClientInformationFull;
  readonly params: AuthorizationParams;
}
interface AccessRecord {
  readonly family: Family;
  readonly expiresAt: number;
}
interface RefreshRecord {
  readonly family: Family;
  used: boolean;
}

const secret = (): string => randomBytes(24).toString('base64url');

/** The in-memory clients: the pre-registered public CLI client, and any registered dynamically. */
class Clients implements OAuthRegisteredClientsStore {
  readonly #clients = new Map<string, OAuthClientInformationFull>();
  registrations = 0;

  constructor(clientId: string) {
    this.#clients.set(clientId, {
      client_id: clientId,
      redirect_uris: ['http://127.0.0.1/callback'],
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    });
  }

  async getClient(clientId: string): Promise<OAuthClientInformationFull | undefined> {
    return this.#clients.get(clientId);
  }

  async registerClient(client: Omit<OAuthClientInformationFull, 'client_id' | 'client_id_issued_at'>): Promise<OAuthClientInformationFull> {
    this.registrations += 1;
    const full = { ...client, client_id: `registered-${secret()}`, client_id_issued_at: Math.floor(Date.now() / 1000) } as OAuthClientInformationFull;
    this.#clients.set(full.client_id, full);
    return full;
  }
}

/** The SDK's provider interface over rotating refresh-token families. */
export class RotatingOAuthProvider implements OAuthServerProvider {
  readonly clientsStore: Clients;
  /** Every answer of the token endpoint, in order. */
  readonly events: McpTokenEvent[] = [];
  /** The parameters of every authorization request that reached the consent page. */
  readonly authorizations: AuthorizationParams[] = [];
  /** Families revoked because a rotated refresh token came back. */
  revokedFamilies = 0;
  readonly #pending = new Map<string, Pending>();
  readonly #codes = new Map<string, Pending>();
  readonly #access = new Map<string, AccessRecord>();
  readonly #refresh = new Map<string, RefreshRecord>();

  constructor(
    readonly options: { readonly clientId: string; readonly accessTokenTtlSeconds: number; readonly resource: URL },
  ) {
    this.clientsStore = new Clients(options.clientId);
  }

  /** Shows the consent page; the browser's POST to /consent (see {@link consent}) issues the code. */
  async authorize(client: OAuthClientInformationFull, params: AuthorizationParams, res: { type(kind: string): unknown; send(body: string): unknown }): Promise<void> {
    this.authorizations.push(params);
    const request = secret();
    this.#pending.set(request, { client, params });
    res.type('html');
    res.send(`<!doctype html><title>Allow access</title><h1>${client.client_id} asks for ${params.scopes?.join(' ') ?? ''}</h1>
<form method="post" action="/consent"><input type="hidden" name="request" value="${request}"><button id="allow" type="submit">Allow</button></form>`);
  }

  /** The consent form was submitted: where to send the browser (the redirect URI with code and state), or undefined for an unknown request. */
  consent(request: string): string | undefined {
    const pending = this.#pending.get(request);
    if (pending === undefined) return undefined;
    this.#pending.delete(request);
    const code = secret();
    this.#codes.set(code, pending);
    const target = new URL(pending.params.redirectUri);
    target.searchParams.set('code', code);
    if (pending.params.state !== undefined) target.searchParams.set('state', pending.params.state);
    return target.href;
  }

  async challengeForAuthorizationCode(_client: OAuthClientInformationFull, code: string): Promise<string> {
    const pending = this.#codes.get(code);
    if (pending === undefined) throw new InvalidGrantError('unknown authorization code');
    return pending.params.codeChallenge;
  }

  async exchangeAuthorizationCode(client: OAuthClientInformationFull, code: string, _verifier?: string, redirectUri?: string, resource?: URL): Promise<OAuthTokens> {
    const pending = this.#codes.get(code);
    this.#codes.delete(code);
    if (pending === undefined || pending.client.client_id !== client.client_id || redirectUri !== pending.params.redirectUri) {
      return this.#fail('authorization_code', resource, new InvalidGrantError('the code is unknown, used, or was issued to another client or redirect URI'), 'invalid_grant');
    }
    if (!this.#isResource(resource) || !this.#isResource(pending.params.resource)) {
      return this.#fail('authorization_code', resource, new InvalidTargetError('the resource is not this MCP server'), 'invalid_target');
    }
    return this.#issue('authorization_code', resource, { revoked: false, scopes: pending.params.scopes ?? [], clientId: client.client_id });
  }

  async exchangeRefreshToken(client: OAuthClientInformationFull, refreshToken: string, _scopes?: string[], resource?: URL): Promise<OAuthTokens> {
    const record = this.#refresh.get(refreshToken);
    if (record === undefined || record.family.clientId !== client.client_id || record.family.revoked) {
      return this.#fail('refresh_token', resource, new InvalidGrantError('unknown or revoked refresh token'), 'invalid_grant');
    }
    if (record.used) {
      // RFC 9700 §4.14.2: a rotated refresh token used again means it leaked; the family goes.
      record.family.revoked = true;
      this.revokedFamilies += 1;
      return this.#fail('refresh_token', resource, new InvalidGrantError('refresh token reused; the grant is revoked'), 'reuse');
    }
    if (!this.#isResource(resource)) return this.#fail('refresh_token', resource, new InvalidTargetError('the resource is not this MCP server'), 'invalid_target');
    record.used = true;
    return this.#issue('refresh_token', resource, record.family);
  }

  async verifyAccessToken(token: string): Promise<AuthInfo> {
    const record = this.#access.get(token);
    if (record === undefined || record.family.revoked) throw new InvalidTokenError('unknown or revoked access token');
    if (record.expiresAt <= Date.now()) throw new InvalidTokenError('the access token has expired');
    return { token, clientId: record.family.clientId, scopes: record.family.scopes, expiresAt: Math.floor(record.expiresAt / 1000), resource: this.options.resource };
  }

  /** Makes an access token unknown from now on (as a server that revoked it, or lost its state). */
  forgetAccessToken(token: string): void {
    this.#access.delete(token);
  }

  /** Whether the families handed out so far are all still usable. */
  get familiesIntact(): boolean {
    return this.revokedFamilies === 0;
  }

  #isResource(resource: URL | undefined): boolean {
    return resource !== undefined && resource.href === this.options.resource.href;
  }

  #issue(grant: McpTokenEvent['grant'], resource: URL | undefined, family: Family): OAuthTokens {
    const accessToken = secret();
    const refreshToken = secret();
    this.#access.set(accessToken, { family, expiresAt: Date.now() + this.options.accessTokenTtlSeconds * 1000 });
    this.#refresh.set(refreshToken, { family, used: false });
    this.events.push({ grant, ok: true, resource: resource?.href, at: Date.now() });
    return { access_token: accessToken, token_type: 'bearer', expires_in: this.options.accessTokenTtlSeconds, refresh_token: refreshToken, scope: family.scopes.join(' ') };
  }

  #fail(grant: McpTokenEvent['grant'], resource: URL | undefined, error: InvalidGrantError | InvalidTargetError, code: string): never {
    this.events.push({ grant, ok: false, error: code, resource: resource?.href, at: Date.now() });
    throw error;
  }
}
