// What one request has sent as credentials over all its attempts and hops: the values an error
// must not show and the header names never sent on to another origin.
import type { AuthenticatedRequest } from './authenticate-outgoing.js';
import { crossOriginStrippedHeaders } from './strip-credentials.js';

/** The credentials a {@link RequestSession} has sent so far. */
export class SentValues {
  /** Every hop authenticated so far (`#first`, then `#more`): what `secrets` lists. */
  #first: AuthenticatedRequest | undefined;
  #more: AuthenticatedRequest[] | undefined;
  /** Values set on hops by `hopHeaders` (DPoP proofs): secrets too. */
  #hopValues: string[] | undefined;
  /** Whether any hop has been authenticated: from then on, the names of {@link crossOriginStrippedHeaders} are credential headers too. */
  #authenticated = false;

  /** Whether any hop has been authenticated (also after {@link release}). */
  get authenticated(): boolean {
    return this.#authenticated;
  }

  /** Notes a hop authenticated. */
  add(sent: AuthenticatedRequest): void {
    this.#authenticated = true;
    if (this.#first === undefined) this.#first = sent;
    else (this.#more ??= []).push(sent);
    for (const name of sent.credentialHeaders) if (!crossOriginStrippedHeaders.includes(name)) addNew((this.#otherHeaders ??= []), [name]);
  }

  /** Credential headers sent beyond {@link crossOriginStrippedHeaders} (they outlive {@link release}). */
  #otherHeaders: string[] | undefined;

  /** Notes values set on a hop outside an authentication (a DPoP proof). */
  addHopValues(values: readonly string[]): void {
    addNew((this.#hopValues ??= []), values);
  }

  /** Every value sent so far, in every form an error may show it. */
  get secrets(): readonly string[] {
    if (this.#first === undefined) return none;
    const secrets = [...this.#first.secrets];
    for (const sent of this.#more ?? noHops) addNew(secrets, sent.secrets);
    addNew(secrets, this.#hopValues ?? none);
    return secrets;
  }

  /** Lower-case names of every header that carried a credential, plus those never sent to another origin. */
  get credentialHeaders(): readonly string[] {
    if (!this.#authenticated) return none;
    const other = this.#otherHeaders;
    return other === undefined ? crossOriginStrippedHeaders : [...crossOriginStrippedHeaders, ...other];
  }

  /** Forgets the values (the names stay): an error holding them has been redacted and handed over. */
  release(): void {
    this.#first = undefined;
    this.#more = undefined;
    this.#hopValues = undefined;
  }
}

const none: readonly string[] = Object.freeze([]);
const noHops: readonly AuthenticatedRequest[] = Object.freeze([]);

function addNew(list: string[], items: readonly string[]): void {
  for (const item of items) if (!list.includes(item)) list.push(item);
}
