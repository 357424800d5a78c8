// The WWW-Authenticate grammar of RFC 9110 §11.6.1 (also Proxy-Authenticate):
//   challenge  = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
//   auth-param = token BWS "=" BWS ( token / quoted-string )
// Commas separate both challenges and parameters: a list element that is `name=value` belongs to
// the challenge before it, anything else starts a new challenge.

/**
 * One challenge of a `WWW-Authenticate` header, as {@link parseWwwAuthenticate} returns it.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-11.6.1
 * @example
 * ```ts
 * const challenge: WwwAuthenticateChallenge = { scheme: 'bearer', params: { realm: 'api', error: 'invalid_token' } };
 * ```
 */
export interface WwwAuthenticateChallenge {
  /** The authentication scheme in lower case (schemes are case-insensitive): `bearer`, `dpop`, `basic`. */
  readonly scheme: string;
  /**
   * The auth-params, names in lower case, values unquoted with their escapes resolved. A name
   * given twice keeps its first value. An object without a prototype: `params.constructor` is
   * `undefined` unless the server sent it.
   */
  readonly params: Readonly<Record<string, string>>;
  /** The token68 form (`Newauth abc123==`), when the challenge has one instead of params. */
  readonly token68?: string;
}

const tchar = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const token68char = /[A-Za-z0-9\-._~+/]/;

/**
 * Parses a `WWW-Authenticate` (or `Proxy-Authenticate`) header into its challenges: several in
 * one header, auth-params with quoted strings and `\` escapes, token68, schemes and parameter
 * names case-insensitive (returned in lower case). Never throws: a malformed part is skipped up to
 * the next comma, so one garbled challenge does not hide the others. Several header lines joined
 * with `, ` (what `Headers.get` returns) parse as one list.
 *
 * @param header - The header value; `null` or `undefined` (no header) gives no challenges.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-11.6.1
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 * @example
 * ```ts
 * import { parseWwwAuthenticate } from 'authwire';
 *
 * const challenges = parseWwwAuthenticate('Bearer realm="api", error="insufficient_scope", scope="files:read", DPoP algs="ES256"');
 * // [{ scheme: 'bearer', params: { realm: 'api', error: 'insufficient_scope', scope: 'files:read' } },
 * //  { scheme: 'dpop', params: { algs: 'ES256' } }]
 * const bearer = challenges.find((challenge) => challenge.scheme === 'bearer');
 * if (bearer?.params.error === 'insufficient_scope') console.log('needs', bearer.params.scope);
 * ```
 */
export function parseWwwAuthenticate(header: string | null | undefined): WwwAuthenticateChallenge[] {
  if (typeof header !== 'string') return [];
  return new Parser(header).challenges();
}

class Parser {
  private at = 0;

  constructor(private readonly text: string) {}

  challenges(): WwwAuthenticateChallenge[] {
    const found: WwwAuthenticateChallenge[] = [];
    for (;;) {
      this.skipSeparators();
      if (this.at >= this.text.length) return found;
      const challenge = this.challenge();
      if (challenge === undefined) this.skipElement();
      else found.push(challenge);
    }
  }

  private challenge(): WwwAuthenticateChallenge | undefined {
    const scheme = this.token();
    if (scheme === undefined) return undefined;
    const params: Record<string, string> = Object.create(null) as Record<string, string>;
    const afterScheme = this.at;
    this.skipSpaces();
    // `name=value` where a challenge should start: a stray parameter, not a scheme.
    if (this.text[this.at] === '=') return undefined;
    if (this.at === afterScheme || this.atListEnd()) return { scheme: scheme.toLowerCase(), params };
    const token68 = this.token68();
    if (token68 !== undefined) return { scheme: scheme.toLowerCase(), params, token68 };
    // auth-params until an element that is not `name=value` (the next challenge) or the end.
    for (;;) {
      const start = this.at;
      const param = this.param();
      if (param === undefined) {
        this.at = start;
        if (!this.atListEnd()) this.skipElement();
      } else if (!(param[0] in params)) {
        params[param[0]] = param[1];
      }
      const beforeComma = this.at;
      this.skipSpaces();
      if (this.text[this.at] !== ',') return { scheme: scheme.toLowerCase(), params };
      this.skipSeparators();
      if (!this.startsParam()) {
        this.at = beforeComma;
        return { scheme: scheme.toLowerCase(), params };
      }
    }
  }

  /** `token BWS "=" BWS ( token / quoted-string )`, names in lower case; undefined if it is not one. */
  private param(): [string, string] | undefined {
    const name = this.token();
    if (name === undefined) return undefined;
    this.skipSpaces();
    if (this.text[this.at] !== '=') return undefined;
    this.at += 1;
    this.skipSpaces();
    const value = this.text[this.at] === '"' ? this.quoted() : this.token();
    if (value === undefined) return undefined;
    this.skipSpaces();
    if (!this.atListEnd()) return undefined;
    return [name.toLowerCase(), value];
  }

  /** Whether a `name=` follows: then the list element is a parameter, not a new challenge. */
  private startsParam(): boolean {
    const start = this.at;
    const name = this.token();
    this.skipSpaces();
    const isParam = name !== undefined && this.text[this.at] === '=';
    this.at = start;
    return isParam;
  }

  /** token68 followed by the end of the list element; undefined (position unchanged) otherwise. */
  private token68(): string | undefined {
    const start = this.at;
    while (this.at < this.text.length && token68char.test(this.text[this.at] ?? '')) this.at += 1;
    if (this.at === start) return undefined;
    while (this.text[this.at] === '=') this.at += 1;
    const value = this.text.slice(start, this.at);
    this.skipSpaces();
    if (this.atListEnd()) return value;
    this.at = start;
    return undefined;
  }

  private token(): string | undefined {
    const start = this.at;
    while (this.at < this.text.length && tchar.test(this.text[this.at] ?? '')) this.at += 1;
    return this.at === start ? undefined : this.text.slice(start, this.at);
  }

  /** A quoted-string with its quoted-pairs resolved; undefined if it never closes. */
  private quoted(): string | undefined {
    let value = '';
    for (let index = this.at + 1; index < this.text.length; index += 1) {
      const char = this.text[index];
      if (char === '"') {
        this.at = index + 1;
        return value;
      }
      if (char === '\\') {
        index += 1;
        if (index >= this.text.length) return undefined;
      }
      value += this.text[index];
    }
    return undefined;
  }

  private atListEnd(): boolean {
    return this.at >= this.text.length || this.text[this.at] === ',';
  }

  private skipSpaces(): void {
    while (this.text[this.at] === ' ' || this.text[this.at] === '\t') this.at += 1;
  }

  private skipSeparators(): void {
    while (this.text[this.at] === ' ' || this.text[this.at] === '\t' || this.text[this.at] === ',') this.at += 1;
  }

  /** Skips a malformed list element up to the next comma outside a quoted string. */
  private skipElement(): void {
    let quoted = false;
    while (this.at < this.text.length) {
      const char = this.text[this.at];
      if (quoted && char === '\\') this.at += 1;
      else if (char === '"') quoted = !quoted;
      else if (!quoted && char === ',') return;
      this.at += 1;
    }
  }
}

/** The `error` parameters of every challenge in a `WWW-Authenticate` header (RFC 6750 §3.1 codes). */
export function challengeErrors(header: string | null): ReadonlySet<string> {
  const found = new Set<string>();
  for (const { params } of parseWwwAuthenticate(header)) if (params['error'] !== undefined) found.add(params['error']);
  return found;
}
