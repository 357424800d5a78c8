import { redactSecrets, scrubUrl, secretScrubber, type RedactOptions } from './redact.js';

/**
 * Every form a secret can take in a client's request objects and errors: as it is,
 * percent-encoded (URLs, `encodeURIComponent`), form-encoded (`URLSearchParams`: spaces as `+`)
 * and JSON-escaped (a serialized JSON body). Empty values are dropped.
 *
 * @example
 * ```ts
 * secretVariants(['a b/c']); // ['a b/c', 'a%20b%2Fc', 'a+b%2Fc']
 * ```
 */
export function secretVariants(secrets: Iterable<string>): string[] {
  const variants = new Set<string>();
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    variants.add(secret);
    variants.add(encodeURIComponent(secret));
    variants.add(new URLSearchParams([['', secret]]).toString().slice(1));
    variants.add(JSON.stringify(secret).slice(1, -1));
  }
  return [...variants];
}

/**
 * Redacts an error a client is about to hand to its caller: {@link redactSecrets} over the error
 * and its `cause` chain (and an `AggregateError`'s `errors`), with every form of each secret
 * ({@link secretVariants}), plus the `URL` objects reachable from them, which are changed in place.
 * `options.hide` names raw objects (sockets, requests, agents) to take out of `util.inspect` and
 * `JSON.stringify` output.
 *
 * @example
 * ```ts
 * redactError(error, result.secrets, { hide: ['request', 'socket'] });
 * ```
 */
export function redactError(error: unknown, secrets: Iterable<string>, options: RedactOptions = {}): void {
  const variants = secretVariants(secrets);
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length > 0 && seen.size < 16) {
    const current = pending.pop();
    if (typeof current !== 'object' || current === null || seen.has(current)) continue;
    seen.add(current);
    redactSecrets(current, variants, options);
    const { cause, errors } = current as { cause?: unknown; errors?: unknown };
    pending.push(cause);
    if (Array.isArray(errors)) pending.push(...(errors as unknown[]));
  }
}

/**
 * Replaces every form of `secrets` in the URL with {@link REDACTED}, in place.
 *
 * @example
 * ```ts
 * redactUrl(options.url, ['s3cr3t-key']); // https://api.example.com/?api_key=[REDACTED]
 * ```
 */
export function redactUrl(url: URL, secrets: Iterable<string>): void {
  scrubUrl(url, secretScrubber(secretVariants(secrets)));
}

/**
 * `text` with every form of `secrets` ({@link secretVariants}) replaced by {@link REDACTED}.
 *
 * @example
 * ```ts
 * redactText('GET /?api_key=s3cr3t-key', ['s3cr3t-key']); // 'GET /?api_key=[REDACTED]'
 * ```
 */
export function redactText(text: string, secrets: Iterable<string>): string {
  return secretScrubber(secretVariants(secrets))(text);
}
