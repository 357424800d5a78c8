import type { TokenStore } from '../../stores/token-store.js';
import type { OAuth2ClientAuthMethod } from '../common-options.js';
import type { DiscoveryOptions } from '../server-metadata.js';

/**
 * Client metadata (RFC 7591 §2), with the RFC's own member names: it is the JSON document sent.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-2
 * @example
 * ```ts
 * const metadata: ClientMetadata = { client_name: 'My CLI', redirect_uris: ['http://127.0.0.1/callback'], token_endpoint_auth_method: 'none', application_type: 'native' };
 * ```
 */
export interface ClientMetadata {
  /** Where the authorization server may send the user back: https, loopback http, or a private-use scheme. */
  readonly redirect_uris?: readonly string[];
  /** The name shown to the user on the consent page. */
  readonly client_name?: string;
  /** The grants the client uses, e.g. `authorization_code`, `refresh_token`, `client_credentials`. */
  readonly grant_types?: readonly string[];
  /** `code` for the authorization code flow; empty for machine clients. */
  readonly response_types?: readonly string[];
  /** `none` for a public client (a CLI), `client_secret_basic` and the like for a confidential one. */
  readonly token_endpoint_auth_method?: string;
  /** The scopes the client may ask for, space-separated. */
  readonly scope?: string;
  /** OpenID Connect: `native` for CLIs and desktop apps (loopback redirects), `web` otherwise. */
  readonly application_type?: 'native' | 'web';
  readonly [member: string]: unknown;
}

/**
 * Options of {@link registerClient}: where to register (`registrationUrl`, or `issuer` whose
 * metadata names the registration endpoint) and where the registered client is kept.
 *
 * @example
 * ```ts
 * const options: RegisterClientOptions = { issuer: 'https://auth.example.com', store: new FileTokenStore({ path: '/var/lib/my-cli/tokens.json' }) };
 * ```
 */
export interface RegisterClientOptions extends DiscoveryOptions {
  /** The registration endpoint (RFC 7591 §3). */
  readonly registrationUrl?: string | URL;
  /** The issuer whose metadata gives `registration_endpoint` and `client_id_metadata_document_supported`. */
  readonly issuer?: string | URL;
  /**
   * Keeps the registered client (secrets in the record's secret fields, so
   * `EncryptedTokenStore` encrypts them): every process sharing the store uses one registration,
   * made once under the store's lock. Without a store, each call registers anew.
   */
  readonly store?: TokenStore;
  /** The store key. Default `client-registration:<registration endpoint>`. */
  readonly storeKey?: string;
  /**
   * The https URL of this client's metadata document. Where the server's metadata says
   * `client_id_metadata_document_supported`, this URL is the `client_id` and nothing is
   * registered (needs `issuer`); elsewhere dynamic registration is used.
   */
  readonly clientIdMetadataDocument?: string | URL;
  /** An initial access token the server requires for registration (RFC 7591 §3), sent as Bearer. */
  readonly initialAccessToken?: string;
  /** How long to wait for another process's registration under the lock. Default 30 000. */
  readonly lockWaitMs?: number;
}

/**
 * A registered client (or one identified by its metadata document). `clientSecret` and
 * `registrationAccessToken` are secrets: do not log the object.
 *
 * @example
 * ```ts
 * const client: RegisteredClient = await registerClient(metadata, { issuer });
 * const auth = oauth2Auth({ grant: 'authorization_code', ...server, clientId: client.clientId, ...(client.clientSecret === undefined ? {} : { clientSecret: client.clientSecret }) });
 * ```
 */
export interface RegisteredClient {
  /** The client id: issued by the server, or the metadata document's URL. */
  readonly clientId: string;
  /** The client secret of a confidential client (a secret). */
  readonly clientSecret?: string;
  /** `client_secret_expires_at` in epoch milliseconds; absent when the secret does not expire. */
  readonly clientSecretExpiresAt?: number;
  /** The registration's token endpoint auth method, when it is one authwire's `clientAuth` takes. */
  readonly clientAuth?: OAuth2ClientAuthMethod;
  /** RFC 7592 management: the registration access token and the client configuration URL. */
  readonly registrationAccessToken?: string;
  /** The client configuration endpoint (RFC 7592). */
  readonly registrationClientUri?: string;
  /** The response's non-secret members (redirect URIs, grant types, ...). */
  readonly metadata: Readonly<Record<string, unknown>>;
  /** `registered`: made by this call; `stored`: read from the store; `metadata_document`: the document URL is the client id. */
  readonly source: 'registered' | 'stored' | 'metadata_document';
}
