// Reads a WWW-Authenticate field value (RFC 9110 §11.6.1): any number of challenges, each a
// scheme with a token68 or auth-params whose values are tokens or quoted strings (commas and
// escaped quotes inside). Several header lines arrive joined by ", ", which is the same list.

/**
 * One challenge of a `WWW-Authenticate` header.
 *
 * @internal
 * @example
 * ```ts
 * const [digest]: AuthChallenge[] = parseAuthChallenges('Digest realm="api", nonce="abc", qop="auth, auth-int"');
 * digest?.params.get('qop'); // 'auth, auth-int'
 * ```
 */
export interface AuthChallenge {
  /** The scheme as written (`Digest`); compare it case-insensitively. */
  readonly scheme: string;
  /** The auth-params by lower-case name, quoted values unquoted; the first of a repeated name. */
  readonly params: ReadonlyMap<string, string>;
  /** A token68 in place of params (`Negotiate abc==`). */
  readonly token68?: string;
}

const token = /[!#$%&'*+\-.^_`|~0-9A-Za-z]+/y;
const token68 = /[A-Za-z0-9\-._~+/]+=*/y;
const whitespace = /[ \t]*/y;

/**
 * Every challenge in `header`, in order. Malformed parts end the parse: what was read before is kept.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-11.6.1
 * @internal
 * @example
 * ```ts
 * parseAuthChallenges('Basic realm="x", Digest realm="y", nonce="n"').map((c) => c.scheme); // ['Basic', 'Digest']
 * ```
 */
export function parseAuthChallenges(header: string): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  let at = 0;
  const match = (pattern: RegExp): string | undefined => {
    pattern.lastIndex = at;
    const found = pattern.exec(header);
    if (found === null || found[0] === '') return undefined;
    at = pattern.lastIndex;
    return found[0];
  };
  const skip = (): void => {
    match(whitespace);
  };
  const skipCommas = (): void => {
    for (skip(); header[at] === ','; skip()) at += 1;
  };
  const quoted = (): string | undefined => {
    let value = '';
    for (let index = at + 1; index < header.length; index++) {
      const character = header[index];
      if (character === '"') {
        at = index + 1;
        return value;
      }
      if (character === '\\') index += 1;
      value += header[index] ?? '';
    }
    return undefined; // no closing quote
  };

  skipCommas();
  while (at < header.length) {
    const scheme = match(token);
    if (scheme === undefined) break;
    const params = new Map<string, string>();
    let single: string | undefined;
    skip();
    for (let first = true; at < header.length; first = false) {
      const start = at;
      const name = match(token);
      if (name === undefined) {
        if (first) single = match(token68);
        break;
      }
      skip();
      if (header[at] !== '=') {
        // A bare word: the token68 of this challenge, or the scheme of the next.
        at = start;
        if (first) single = match(token68);
        break;
      }
      at += 1;
      skip();
      const value = header[at] === '"' ? quoted() : match(token);
      if (value === undefined) {
        // `abc==`: a token68 that happens to start like a parameter.
        at = start;
        if (first) single = match(token68);
        break;
      }
      const key = name.toLowerCase();
      if (!params.has(key)) params.set(key, value);
      skip();
      if (header[at] !== ',') break;
      skipCommas();
    }
    challenges.push(single === undefined ? { scheme, params } : { scheme, params, token68: single });
    skipCommas();
    if (at < header.length && !startsChallenge(header, at)) break;
  }
  return challenges;
}

/** Whether a scheme token starts at `at` (anything else is left over from a malformed challenge). */
function startsChallenge(header: string, at: number): boolean {
  token.lastIndex = at;
  return token.test(header);
}
