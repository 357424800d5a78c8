// What both ways of running an MCP provider (configured endpoints, or discovered from the
// server's 401) give mcpAuthProvider: the transport's fetch and the sign-in around it.
import type { PendingAuthorization } from '../oauth2/authorization-code/pending.js';
import type { TokenAuthenticator } from '../token-authenticator.js';
import type { McpFetch } from './options.js';

/** The working part of an {@link McpAuthProvider}, whichever way its endpoints are found. */
export interface ProviderCore {
  readonly fetch: McpFetch;
  /** The resource indicator in use now. */
  resource(): string;
  signIn(signal?: AbortSignal): Promise<void>;
  finishSignIn(callbackUrl: string | URL, pending: PendingAuthorization, signal?: AbortSignal): Promise<void>;
  authenticator(): Promise<TokenAuthenticator>;
  close(): Promise<void>;
}

/** The fetch authwire's own requests (metadata, registration, token) use: the caller's, with the narrower signature. */
export function ownFetch(
  send: ((input: string | URL | Request, init?: RequestInit) => Promise<Response>) | undefined,
): ((input: URL, init: RequestInit) => Promise<Response>) | undefined {
  return send === undefined ? undefined : (input, init) => send(input, init);
}
