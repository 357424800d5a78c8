import { redactText } from '../adapter-kit/redact-error.js';

/** Runs of token characters, 20 or more long, holding letters and digits: what codes, tokens and keys look like. */
const tokenLike = /[A-Za-z0-9._~+/=-]{20,}/g;

/**
 * Text a server, a browser or a network error produced (an `error_description`, an error
 * message), made safe to show and log: every form of each secret of 4 or more characters
 * replaced ({@link redactText}), anything that looks like a token replaced too (servers echo
 * tokens authwire never saw), control characters dropped, cut to 200 characters. HTML escaping is
 * left to whoever renders it. `undefined` for anything but a non-blank string.
 *
 * @example
 * ```ts
 * sanitizeText(body.error_description, request.secrets); // 'client s3cr3t-value unknown' → 'client [REDACTED] unknown'
 * ```
 */
export function sanitizeText(value: unknown, secrets: readonly string[] = []): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  let clean = redactText(value, secrets.filter((secret) => secret.length >= 4));
  clean = clean.replace(tokenLike, (run) => (/[A-Za-z]/.test(run) && /\d/.test(run) ? '[REDACTED]' : run));
  // eslint-disable-next-line no-control-regex
  clean = clean.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ').trim();
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
}

/**
 * A new error in place of a network (or other) failure: the same `name`, the given system
 * `code` (`ECONNREFUSED`, read by the caller from the original), and its message (with its
 * cause's message) passed through {@link sanitizeText}, so no secret sent and no raw client
 * object reaches the caller.
 *
 * @example
 * ```ts
 * throw new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', 'token request failed: network error', { cause: scrubCause(error, secrets) });
 * ```
 */
export function scrubCause(error: unknown, secrets: readonly string[], code?: string): Error {
  const inner = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
  const clean = new Error(sanitizeText(`${error instanceof Error ? error.message : String(error)}${inner}`, secrets) ?? 'failed');
  clean.name = error instanceof Error ? error.name : 'Error';
  if (code !== undefined) Object.defineProperty(clean, 'code', { value: code, enumerable: true });
  return clean;
}
