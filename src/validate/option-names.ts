// Refuses option names a factory does not know, so that a misspelt option (`scopes` for `scope`)
// fails at creation instead of being dropped. The name lists are checked against the option
// types at compile time: an option added to a type but not to its list is a compile error.
import { AuthError } from '../errors.js';

/**
 * Every key of every member of a union of option types.
 *
 * @example
 * ```ts
 * type Names = KeysOf<{ a: 1 } | { b: 2 }>; // 'a' | 'b'
 * ```
 */
export type KeysOf<T> = T extends unknown ? keyof T : never;

/** `unknown` when `Names` lists every key of `T`; else an object type naming the keys left out (a compile error at the call). */
type EveryKeyListed<T, Names extends ReadonlyArray<PropertyKey>> = [Exclude<KeysOf<T>, Names[number]>] extends [never]
  ? unknown
  : { readonly unlistedOptions: Exclude<KeysOf<T>, Names[number]> };

/**
 * The option names a factory takes, and which of them hold secrets.
 *
 * @example
 * ```ts
 * const names: OptionNames = optionNames<BasicAuthOptions>()(['username', 'password'], { password: '' });
 * ```
 */
export interface OptionNames {
  /** Every name the factory takes. */
  readonly names: ReadonlySet<string>;
  /**
   * The secret options, each with what omitting it means ('' when it has to be given). Given
   * explicitly as `undefined` (an unset environment variable, usually) they are refused.
   */
  readonly secrets: ReadonlyMap<string, string>;
}

/**
 * The option names of type `T`. The list must name every key of `T` (of every member, for a
 * union) and nothing else, or the call does not compile. `secrets` names the options that hold
 * secrets, each with what leaving it out means ('' when it is required).
 *
 * @example
 * ```ts
 * const oauth2Names = optionNames<ClientCredentialsGrantOptions>()([...names], { clientSecret: 'omit the key for a public client' });
 * ```
 */
export function optionNames<T>(): <const Names extends ReadonlyArray<KeysOf<T> & string>>(
  names: Names & EveryKeyListed<T, Names>,
  secrets?: Readonly<Partial<Record<Names[number], string>>>,
) => OptionNames {
  return (names, secrets) => ({ names: new Set(names), secrets: new Map(Object.entries((secrets ?? {}) as Record<string, string>)) });
}

/**
 * Throws `ERR_AUTH_INVALID_CONFIG` when `options` has an own key the factory does not take
 * (naming it and the closest name it does take), or a secret option present with the value
 * `undefined` (naming the likely cause, an unset environment variable). No value is ever quoted.
 *
 * @param options - the options object a factory was given (anything else is left to the factory)
 * @param known - the names the factory takes ({@link optionNames})
 * @param where - the factory's name, e.g. `oauth2Auth`; the message and `details.field` start with it
 * @example
 * ```ts
 * checkOptionNames({ grant: 'client_credentials', scopes: ['a'] }, oauth2Names, 'oauth2Auth');
 * // AuthError ERR_AUTH_INVALID_CONFIG: "oauth2Auth: unknown option 'scopes' (did you mean 'scope'?)"
 * ```
 */
export function checkOptionNames(options: unknown, known: OptionNames, where: string): void {
  if (typeof options !== 'object' || options === null) return;
  for (const name of Object.keys(options)) {
    if (known.names.has(name)) {
      const omitted = known.secrets.get(name);
      if (omitted !== undefined && (options as Record<string, unknown>)[name] === undefined) throw undefinedSecret(where, name, omitted);
      continue;
    }
    const near = closest(name, known.names);
    // A short list is always shown; a long one (oauth2Auth takes some forty) only without a suggestion.
    const list = near === undefined || known.names.size <= 12 ? `; expected one of ${[...known.names].map((item) => `'${item}'`).join(', ')}` : '';
    const hint = `${near === undefined ? '' : ` (did you mean '${near}'?)`}${list}`;
    throw new AuthError('ERR_AUTH_INVALID_CONFIG', `${where}: unknown option '${name}'${hint}`, {
      details: { field: `${where}.${name}`, ...(near === undefined ? {} : { suggestion: near }) },
    });
  }
}

function undefinedSecret(where: string, name: string, omitted: string): AuthError {
  const advice = omitted === '' ? '' : ` ${omitted}`;
  return new AuthError('ERR_AUTH_INVALID_CONFIG', `${where}: ${name} is undefined — is its environment variable set?${advice}`, { details: { field: `${where}.${name}` } });
}
/** The known name nearest to `name` (case-insensitive edit distance, or one a prefix of the other), if it is near enough to be a slip. */
function closest(name: string, known: ReadonlySet<string>): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of known) {
    const other = candidate.toLowerCase();
    // The same name in another case is no slip at all; a shortened or lengthened name (`cert` for
    // `certificate`, `scopes` for `scope`) counts as one.
    const prefix = Math.min(lower.length, other.length) >= 3 && (lower.startsWith(other) || other.startsWith(lower));
    const distance = lower === other ? 0 : prefix ? 1 : editDistance(lower, other);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

/** Levenshtein distance (insert, delete, substitute), one row at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}
