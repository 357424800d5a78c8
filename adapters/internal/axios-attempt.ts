// What the axios adapter keeps of an attempt on its config, and the helpers that read and undo
// it: split from axios.ts, which keeps the interceptors.
import type { AxiosError, AxiosInstance, AxiosRequestConfig, InternalAxiosRequestConfig, RawAxiosRequestHeaders } from 'axios';
import { isAuthError, type AuthBody, type AuthError } from '../../src/index.js';
import type { RequestSession } from '../../src/adapter-kit/request-session.js';
import { writeAxiosBody } from './axios-body.js';
import type { AxiosTlsHop } from './axios-tls.js';
import { headerValue } from './header-record.js';

/**
 * What takes an attempt's credentials back out of its config, for when it is sent again (retry
 * libraries resend `error.config`). It is all the config keeps of the attempt once the response
 * is in: axios configs outlive their requests, and so would anything more they hold.
 */
export interface SentState {
  readonly kind: 'sent';
  /** The logical request: its context, what it sent, its redirect and retry decisions. */
  readonly session: RequestSession;
  /**
   * The fields of `config` that authwire or axios change, as they reached authwire: the retry and
   * {@link undoAttempt} restore them. The rest of the config is not copied: neither changes it.
   */
  readonly original: OriginalFields;
  /**
   * The headers as they reached authwire: a plain copy of the `AxiosHeaders` entries, `false`
   * ("do not send this default") included. The authenticator reads it, and the retry sends it.
   */
  readonly originalHeaders: Readonly<RawAxiosRequestHeaders>;
  /** The body as the authenticator was given it. */
  readonly originalBody: AuthBody;
  /** Lower-case names of the headers authwire wrote. */
  readonly written: readonly string[];
  /** Lower-case names of the headers the authenticator deleted. */
  readonly removed: readonly string[];
  /** Whether authwire rewrote `config.url` (a query credential). */
  readonly urlChanged: boolean;
  /** Whether authwire rewrote `config.data` (a body credential). */
  readonly bodyChanged: boolean;
  /** authwire's client-certificate agent, when it set it as `config.httpsAgent`. */
  readonly tls: AxiosTlsHop | undefined;
  /** The config authwire authenticated (axios sends this object), while the attempt is in flight; `undefined` once its response is in. */
  config: InternalAxiosRequestConfig | undefined;
}


/** The fields of a config authwire or axios change. */
export type OriginalFields = { readonly [K in 'url' | 'baseURL' | 'params' | 'data' | 'beforeRedirect' | 'httpsAgent']: AxiosRequestConfig[K] | undefined };

/** Whether axios sends with its fetch adapter: named, or listed before `http` (`xhr` does not exist in Node). */
export function sendsWithFetch(adapter: AxiosRequestConfig['adapter']): boolean {
  if (adapter === 'fetch') return true;
  if (!Array.isArray(adapter)) return false;
  for (const name of adapter) {
    if (name === 'fetch') return true;
    if (name === 'http' || typeof name === 'function') return false;
  }
  return false;
}

/**
 * Takes an authenticated attempt's credentials back out of its config: the headers authwire wrote
 * (and those redaction may have replaced) get their values from before, URL and body theirs.
 */
export function undoAttempt(config: InternalAxiosRequestConfig, state: SentState): void {
  const { original, originalHeaders } = state;
  const names = new Set([...state.written, ...state.removed, 'authorization', 'proxy-authorization', 'cookie']);
  for (const name of names) {
    const value = headerValue(originalHeaders, name);
    if (value === null) config.headers.delete(name);
    else config.headers.set(name, value);
  }
  if (state.urlChanged) restoreFields(config, original, ['url', 'baseURL', 'params']);
  if (state.bodyChanged) {
    // Serialized, as axios left `config.data` (a retry library may have made transformRequest a no-op).
    const { data, contentType } = writeAxiosBody(state.originalBody);
    config.data = data;
    config.headers.delete('content-length');
    if (contentType !== undefined && !config.headers.has('content-type')) config.headers.set('Content-Type', contentType);
  }
  if (state.tls !== undefined) restoreFields(config, original, ['httpsAgent']);
}

/** Gives `config` the values of `keys` in `original`, deleting those that were absent. */
export function restoreFields(config: AxiosRequestConfig, original: OriginalFields, keys: readonly (keyof OriginalFields)[]): void {
  for (const key of keys) {
    const value = original[key];
    if (value === undefined) delete config[key];
    else (config as Record<string, unknown>)[key] = value;
  }
}

/**
 * The URL axios will request, as `instance.getUri(config)` builds it. The interceptor's config
 * already holds the defaults, so without `params` the URL is put together here, without getUri's
 * second merge of the whole config (the largest cost authwire added to a request).
 */
export function requestUrl(instance: Pick<AxiosInstance, 'getUri'>, config: InternalAxiosRequestConfig): string {
  if (config.params !== undefined && config.params !== null) return instance.getUri(config);
  const { baseURL, url = '' } = config;
  if (baseURL === undefined || baseURL === '' || (absoluteUrl.test(url) && config.allowAbsoluteUrls !== false)) return url;
  return url === '' ? baseURL : `${baseURL.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`;
}

/** An absolute or protocol-relative URL, as axios tells them from paths. */
const absoluteUrl = /^([a-z][a-z\d+\-.]*:)?\/\//i;

export function isAxiosError(value: unknown): value is AxiosError {
  return typeof value === 'object' && value !== null && (value as { isAxiosError?: unknown }).isAxiosError === true;
}

/** An AuthError thrown inside axios (a blocked redirect) reaches the caller as itself, not wrapped. */
export function authErrorCause(error: Error): AuthError | undefined {
  let cause: unknown = error.cause;
  for (let depth = 0; depth < 4 && cause !== undefined; depth++) {
    if (isAuthError(cause)) return cause;
    cause = typeof cause === 'object' && cause !== null ? (cause as { cause?: unknown }).cause : undefined;
  }
  return undefined;
}
