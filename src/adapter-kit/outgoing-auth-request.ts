import type { AuthBody, AuthRequest } from '../authenticator.js';
import { cloneBody } from './body.js';
import type { RecordingHeaders } from './recording-headers.js';

/**
 * The request an authenticator edits. URL and body are the caller's until first read, then
 * copies, so that edits stay on the copies and a header-only authenticator costs no copy.
 */
export class OutgoingAuthRequest implements AuthRequest {
  readonly #given: URL | string;
  /** The URL's `href` before the authenticator first read or replaced it (`undefined`: it did neither). */
  #href: string | undefined;
  /** The URL to send, once parsed or copied (`undefined`: the caller's, as given). */
  #url: URL | undefined;
  readonly #original: AuthBody;
  #body: AuthBody;
  #bodyTouched = false;

  constructor(
    readonly method: string,
    url: URL | string,
    readonly headers: RecordingHeaders,
    body: AuthBody,
  ) {
    this.#given = url;
    this.#original = body;
    this.#body = body;
  }

  /** The authenticator's own URL: parsed from the caller's string, or a copy of the caller's object. */
  get url(): URL {
    if (this.#href === undefined) {
      const url = new URL(this.#given);
      this.#href = url.href;
      this.#url = url;
    }
    return this.#url as URL;
  }

  set url(value: URL) {
    this.#href ??= new URL(this.#given).href;
    this.#url = value;
  }

  /** The URL's `href` as the caller gave it, if the authenticator read or replaced the URL (else it is unchanged). */
  originalHref(): string | undefined {
    return this.#href;
  }

  /** The caller's string, while nothing has parsed it. */
  unparsedHref(): string | undefined {
    return this.#url === undefined && typeof this.#given === 'string' ? this.#given : undefined;
  }

  /** The URL to send: the caller's own object when the authenticator never read it. */
  sentUrl(): URL {
    if (this.#url === undefined) {
      if (typeof this.#given !== 'string') return this.#given;
      this.#url = new URL(this.#given);
    }
    return this.#url;
  }

  get body(): AuthBody {
    if (!this.#bodyTouched) {
      this.#body = cloneBody(this.#original);
      this.#bodyTouched = true;
    }
    return this.#body;
  }

  set body(value: AuthBody) {
    this.#body = value;
    this.#bodyTouched = true;
  }

  /** Whether the authenticator read or replaced the body (only then can it differ). */
  bodyTouched(): boolean {
    return this.#bodyTouched;
  }

  /** The body to send, without copying it. */
  sentBody(): AuthBody {
    return this.#body;
  }
}
