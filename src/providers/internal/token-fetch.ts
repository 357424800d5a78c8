// fetch wrappers that adapt a provider's token endpoint to what oauth2Auth's token request
// expects: errors reported in a 2xx body in the provider's own words (GitHub, Slack).
import { readBody } from '../../http/fetch-text.js';
import type { OAuth2CommonOptions } from '../../oauth2/types.js';

/** The fetch signature of token requests. */
export type TokenFetch = NonNullable<OAuth2CommonOptions['fetch']>;

/** `fetch` as given, else the global one (looked up on each call). */
export function baseFetch(fetch: TokenFetch | undefined): TokenFetch {
  return fetch ?? ((input, init) => globalThis.fetch(input, init));
}

/** How a provider reports an error in a successful (2xx) token response. */
export interface SuccessBodyErrors {
  /** The provider's error code when the body is an error, else `undefined`. */
  detect(body: Readonly<Record<string, unknown>>): string | undefined;
  /** Codes that mean the grant is gone: answered as `invalid_grant` (so `ERR_AUTH_REAUTH_REQUIRED`). */
  readonly reauth: readonly string[];
  /** Codes worth retrying: answered as HTTP 503. */
  readonly retry?: readonly string[];
}

/**
 * Turns an error inside a 2xx token response into the RFC 6749 §5.2 error response it stands
 * for (HTTP 400, `error`, `error_description`), so the usual error handling applies.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
export function errorsInSuccessBody(fetch: TokenFetch, rules: SuccessBodyErrors): TokenFetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (response.status < 200 || response.status >= 300) return response;
    const { text } = await readBody(response, `token request to ${input.origin}`);
    const body = parseObject(text);
    const code = body === undefined ? undefined : rules.detect(body);
    if (code === undefined) return new Response(text === '' ? null : text, { status: response.status, headers: response.headers });
    const described = typeof body?.error_description === 'string' ? `${code}: ${body.error_description}` : code;
    return new Response(JSON.stringify({ error: rules.reauth.includes(code) ? 'invalid_grant' : code, error_description: described }), {
      status: rules.retry?.includes(code) === true ? 503 : 400,
      headers: { 'content-type': 'application/json' },
    });
  };
}

function parseObject(text: string): Readonly<Record<string, unknown>> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
