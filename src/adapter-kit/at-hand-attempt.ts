// An attempt whose credential was at hand (see headers-at-hand.ts): the adapter sent the caller's
// request with these headers added, and everything a report says is made from them only when a
// redirect, a challenge or an error asks.
import type { AuthBody, AuthRequest } from '../authenticator.js';
import type { AuthenticatedRequest, OutgoingRequest } from './authenticate-outgoing.js';
import { addSecret } from './credential-values.js';
import { OutgoingAuthRequest } from './outgoing-auth-request.js';
import { recordingHeaders } from './recording-headers.js';

/** The name lists of the last header set seen: an authenticator hands out the same object while its credential lasts. */
let lastSet: Readonly<Record<string, string>> | undefined;
let lastNames: readonly string[] = [];
let lastCredentialNames: readonly string[] = [];

function namesOf(added: Readonly<Record<string, string>>): void {
  if (added === lastSet) return;
  const names = Object.freeze(Object.keys(added));
  lastNames = names;
  lastCredentialNames = names.includes('cache-control') ? Object.freeze(names.filter((name) => name !== 'cache-control')) : names;
  lastSet = added;
}

/**
 * The report of an attempt sent as `request` with `added` set (lower-case names). It is what
 * `authenticateAttempt` would have reported for an authenticator that set those headers.
 */
export class AtHandAttempt implements AuthenticatedRequest {
  readonly applied = true;
  readonly removedHeaders: readonly string[] = none;
  readonly urlChanged = false;
  readonly credentialQuery: readonly string[] = none;
  readonly bodyChanged = false;
  readonly changedHeaders: readonly string[];
  readonly credentialHeaders: readonly string[];
  readonly #request: OutgoingRequest;
  readonly #added: Readonly<Record<string, string>>;
  #url: URL | undefined;
  #authRequest: OutgoingAuthRequest | undefined;
  #secrets: readonly string[] | undefined;

  constructor(request: OutgoingRequest, added: Readonly<Record<string, string>>) {
    this.#request = request;
    this.#added = added;
    namesOf(added);
    this.changedHeaders = lastNames;
    this.credentialHeaders = lastCredentialNames;
  }

  get body(): AuthBody {
    return this.#request.body;
  }

  get url(): URL {
    const given = this.#request.url;
    return (this.#url ??= typeof given === 'string' ? new URL(given) : given);
  }

  /** The headers sent: the caller's with the credential set (made when first read). */
  get headers(): Headers {
    return this.authRequest.headers;
  }

  get authRequest(): AuthRequest & { readonly headers: Headers } {
    if (this.#authRequest === undefined) {
      const { method, headers: given, body } = this.#request;
      const headers = recordingHeaders(given);
      for (const name of this.changedHeaders) headers.set(name, this.#added[name] as string);
      this.#authRequest = new OutgoingAuthRequest(method.toUpperCase(), this.url, headers, body);
    }
    return this.#authRequest;
  }

  get secrets(): readonly string[] {
    if (this.#secrets === undefined) {
      let secrets: string[] | undefined;
      for (const name of this.credentialHeaders) secrets = addSecret(secrets, this.#added[name] as string);
      this.#secrets = secrets ?? none;
    }
    return this.#secrets;
  }
}

const none: readonly string[] = Object.freeze([]);
