/** Runs of token characters, 20 or more long, holding letters and digits: what codes, tokens and keys look like. */
const tokenLike = /[A-Za-z0-9._~+/=-]{20,}/g;

/**
 * Text a server or a browser sent (an `error_description`), made safe to show and log: secrets
 * and anything that looks like a token replaced, control characters dropped, cut to 200 characters.
 * HTML escaping is left to whoever renders it.
 */
export function sanitizeText(value: unknown, secrets: readonly string[] = []): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  let clean = value;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length >= 4) clean = clean.split(secret).join('[REDACTED]');
  }
  clean = clean.replace(tokenLike, (run) => (/[A-Za-z]/.test(run) && /\d/.test(run) ? '[REDACTED]' : run));
  // eslint-disable-next-line no-control-regex
  clean = clean.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ').trim();
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
}

/** An OAuth2 error code as RFC 6749 §4.1.2.1 allows it (printable ASCII, no quote or backslash), at most 64 characters. */
export function safeErrorCode(value: string | null): string | undefined {
  return value !== null && /^[\x20\x21\x23-\x5b\x5d-\x7e]{1,64}$/.test(value) ? value : undefined;
}
