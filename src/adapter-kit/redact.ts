/**
 * What replaces a secret in errors handed to callers.
 *
 * @example
 * ```ts
 * redactText('token s3cr3t refused', ['s3cr3t']) === `token ${REDACTED} refused`; // true
 * ```
 */
export const REDACTED = '[REDACTED]';

/**
 * Options for {@link redactSecrets}.
 *
 * @example
 * ```ts
 * const options: RedactOptions = { hide: ['request', 'socket'] };
 * redactSecrets(error, result.secrets, options);
 * ```
 */
export interface RedactOptions {
  /**
   * Property names to make non-enumerable wherever they are met (e.g. `request`, `socket`), so
   * that `util.inspect` and `JSON.stringify` skip the client's raw request objects. They stay
   * readable for code that asks for them by name.
   */
  readonly hide?: readonly string[];
}

/** Header names whose values are always redacted, whatever the authenticator set. */
const alwaysSecretHeaders = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);

/**
 * Removes every occurrence of `secrets` from the strings and `URL`s reachable from `target` (own
 * enumerable properties, arrays, `Map`s, `Set`s, `Headers`), in place, and hides the named
 * raw-object properties. {@link redactError} runs it over an error's `cause` chain with every
 * encoded form of each secret.
 *
 * @example
 * ```ts
 * redactSecrets(axiosError, result.secrets, { hide: ['request'] });
 * ```
 */
export function redactSecrets(target: unknown, secrets: readonly string[], options: RedactOptions = {}): void {
  const scrub = secretScrubber(secrets);
  const hide = new Set(options.hide ?? []);
  const seen = new WeakSet<object>();
  let budget = 50_000; // Bounds the walk over large client objects.
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null || seen.has(node) || budget-- <= 0) return;
    seen.add(node);
    if (ArrayBuffer.isView(node) || node instanceof ArrayBuffer) return;
    if (node instanceof URL) {
      scrubUrl(node, scrub);
      return;
    }
    if (node instanceof Set) {
      for (const value of node) visit(value);
      return;
    }
    if (node instanceof Headers) {
      for (const [name, value] of [...node]) {
        const clean = alwaysSecretHeaders.has(name) ? REDACTED : scrub(value);
        if (clean !== value) node.set(name, clean);
      }
      return;
    }
    if (node instanceof Map) {
      for (const [key, value] of node) {
        if (typeof value === 'string') node.set(key, scrub(value));
        else visit(value);
      }
      return;
    }
    for (const key of Object.keys(node)) {
      const record = node as Record<string, unknown>;
      if (hide.has(key)) {
        hideProperty(record, key);
        continue;
      }
      let value: unknown;
      try {
        value = record[key];
      } catch {
        continue; // A getter that throws holds nothing we can reach.
      }
      if (typeof value === 'string') {
        const clean = alwaysSecretHeaders.has(key.toLowerCase()) ? REDACTED : scrub(value);
        if (clean !== value) trySet(record, key, clean);
      } else if (Array.isArray(value) && alwaysSecretHeaders.has(key.toLowerCase())) {
        trySet(record, key, value.map(() => REDACTED));
      } else {
        visit(value);
      }
    }
  };
  if (typeof target === 'object' && target !== null && 'message' in target && typeof target.message === 'string') {
    trySet(target as Record<string, unknown>, 'message', scrub(target.message));
    if ('stack' in target && typeof target.stack === 'string') trySet(target as Record<string, unknown>, 'stack', scrub(target.stack));
  }
  visit(target);
}

/**
 * A function that replaces every occurrence of `secrets` (longest first; empty ones ignored) in a
 * text with {@link REDACTED}.
 *
 * @internal
 * @example
 * ```ts
 * const scrub = secretScrubber(['tok-123456']);
 * scrub('Bearer tok-123456'); // 'Bearer [REDACTED]'
 * ```
 */
export function secretScrubber(secrets: Iterable<string>): (text: string) => string {
  const sorted = [...new Set(secrets)].filter((secret) => secret.length > 0).sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const secret of sorted) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  };
}

/**
 * Rewrites `url` in place with `scrub` applied to its `href`; a result that no longer parses is
 * left alone.
 *
 * @internal
 * @example
 * ```ts
 * scrubUrl(options.url, secretScrubber(secretVariants([apiKey])));
 * ```
 */
export function scrubUrl(url: URL, scrub: (text: string) => string): void {
  const href = scrub(url.href);
  if (href === url.href) return;
  try {
    url.href = href;
  } catch {
    // Not a valid URL any more: leave it, the caller's error is still thrown.
  }
}

function hideProperty(record: Record<string, unknown>, key: string): void {
  const descriptor = Object.getOwnPropertyDescriptor(record, key);
  if (descriptor?.configurable === true) Object.defineProperty(record, key, { ...descriptor, enumerable: false });
}

function trySet(record: Record<string, unknown>, key: string, value: unknown): void {
  try {
    record[key] = value;
  } catch {
    // Frozen or read-only: nothing to do but leave it.
  }
}
