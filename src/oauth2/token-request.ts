import { AuthError } from '../errors.js';
import { parseRetryAfter } from '../http/retry-after.js';
import { fetchText, type TextResponse } from '../http/fetch-text.js';
import { sanitizeText } from '../http/sanitize-text.js';
import { parseTokenResponse, type Token, type TokenResponseMapping } from '../token.js';
import { safeErrorCode } from './error-code.js';
import type { TokenRequestFormat } from './types.js';

/** One POST to a token endpoint. */
export interface TokenEndpointRequest {
  /** For messages: the grant, e.g. `refresh_token`. */
  readonly grant: string;
  readonly url: URL;
  readonly params: URLSearchParams;
  /** How `params` are encoded. Default `form`. */
  readonly format?: TokenRequestFormat;
  readonly headers: Headers;
  /** Fires on the manager's request timeout. */
  readonly signal: AbortSignal;
  readonly mapping: TokenResponseMapping | undefined;
  /** Every secret value sent, to scrub from error descriptions the server echoes. */
  readonly secrets: readonly string[];
  /** Whether `invalid_grant` means the grant is gone (`ERR_AUTH_REAUTH_REQUIRED`). */
  readonly invalidGrantMeansReauth: boolean;
  readonly fetch: (input: URL, init: RequestInit) => Promise<Response>;
  /** Sees the headers of every answer (a DPoP nonce comes in `DPoP-Nonce`). */
  readonly onResponse?: (headers: Headers) => void;
}

/** OAuth2 error codes worth retrying. */
const retryableErrors = new Set(['temporarily_unavailable', 'server_error', 'slow_down']);

/**
 * Sends a token request (a form-encoded POST, or JSON with `format: 'json'`; no redirects
 * followed) and maps the answer:
 * a token, or an {@link AuthError} with `details` `{ status, error, retryable, retryAfterMs }`
 * and no secret in it — 5xx, 408, 429, network failures (but TLS: `details.reason` tells them
 * apart) and garbage bodies are retryable; a 2xx body past 1 MiB is an error;
 * `invalid_grant` is `ERR_AUTH_REAUTH_REQUIRED` where the grant says so. A 2xx answer with an
 * `error` and no access token is an error answer like a 4xx one.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
export async function requestToken(request: TokenEndpointRequest): Promise<Token> {
  const headers = new Headers(request.headers);
  const json = request.format === 'json';
  headers.set('Content-Type', json ? 'application/json' : 'application/x-www-form-urlencoded;charset=UTF-8');
  if (!headers.has('Accept')) headers.set('Accept', 'application/json');
  const issuedAt = Date.now();
  const response = await fetchText({
    url: request.url,
    init: { method: 'POST', headers, body: json ? JSON.stringify(jsonFields(request.params)) : request.params.toString() },
    fetch: request.fetch,
    signal: request.signal,
    what: `token request (${request.grant}) to ${request.url.origin}`,
    secrets: request.secrets,
  });
  request.onResponse?.(response.headers);
  const { text } = response;
  if (response.status >= 200 && response.status < 300) {
    try {
      return parseTokenResponse(text, response.headers.get('content-type'), issuedAt, request.mapping);
    } catch (error) {
      // Some endpoints (GitHub's, Slack's) answer an error with 200: an `error` and no token is that error.
      if (error instanceof AuthError && typeof parseErrorBody(text, response.headers.get('content-type')).error === 'string') {
        throw errorFromResponse(request, response, text);
      }
      if (error instanceof AuthError) {
        throw new AuthError(error.code, `token request (${request.grant}): HTTP ${response.status}, ${error.message}`, {
          details: { ...error.details, status: response.status },
        });
      }
      throw error;
    }
  }
  throw errorFromResponse(request, response, text);
}

/** The parameters as one JSON object; a name given more than once becomes an array. */
function jsonFields(params: URLSearchParams): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name);
    fields[name] = values.length === 1 ? (values[0] as string) : values;
  }
  return fields;
}

function errorFromResponse(request: TokenEndpointRequest, response: TextResponse, text: string): AuthError {
  const status = response.status;
  if (status === 0 || (status >= 300 && status < 400)) {
    return new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', `token request (${request.grant}): the token endpoint answered with a redirect, which is not followed`, {
      details: { status, retryable: false },
    });
  }
  const body = parseErrorBody(text, response.headers.get('content-type'));
  const error = safeErrorCode(body.error);
  const description = sanitizeText(body.error_description, request.secrets);
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
  const retryable = status >= 500 || status === 408 || status === 429 || (error !== undefined && retryableErrors.has(error));
  const summary = `HTTP ${status}${error === undefined ? '' : ` ${error}`}${description === undefined ? '' : `: ${description}`}`;
  const details = { status, retryable, ...(error === undefined ? {} : { error }), ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  if (error === 'invalid_grant' && request.invalidGrantMeansReauth) {
    return new AuthError('ERR_AUTH_REAUTH_REQUIRED', `token request (${request.grant}) refused, the grant is no longer valid; sign in again (${summary})`, {
      details: { ...details, grant: request.grant, retryable: false },
    });
  }
  return new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', `token request (${request.grant}) failed: ${summary}`, { details });
}

function parseErrorBody(text: string, contentType: string | null): { error?: unknown; error_description?: unknown } {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) return parsed as { error?: unknown };
  } catch {
    // not JSON
  }
  if ((contentType ?? '').toLowerCase().includes('application/x-www-form-urlencoded')) {
    const params = new URLSearchParams(text);
    return { error: params.get('error') ?? undefined, error_description: params.get('error_description') ?? undefined };
  }
  return {};
}
