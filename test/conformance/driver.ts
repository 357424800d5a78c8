// The one interface the conformance suite drives; each HTTP client has a driver in drivers/.
import type { Readable } from 'node:stream';
import type { AdapterOptions, Authenticator } from '../../src/index.js';

export interface DriverRequest {
  /** Default GET. */
  readonly method?: string;
  /** A path resolved against the client's base URL, or an absolute URL. */
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string>>;
  /** Sent as a JSON body with the client's own JSON support. */
  readonly json?: unknown;
  /** Sent as an application/x-www-form-urlencoded body with the client's own form support. */
  readonly form?: Readonly<Record<string, string>>;
  /** A raw body (with `headers['content-type']` as given). */
  readonly body?: string | Buffer | Readable;
  readonly signal?: AbortSignal;
  /**
   * `request()` only: keep the client's own handling of 4xx/5xx (axios rejects, got and ky throw;
   * fetch never does) instead of letting every status through, for scenarios that end in a 2xx.
   */
  readonly throwHttpErrors?: boolean;
}

export interface DriverResponse {
  readonly status: number;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface DriverClientOptions {
  /** The client's base URL (axios baseURL, got prefixUrl, ky prefixUrl); fetch has none. */
  readonly baseUrl?: string;
  readonly adapter?: AdapterOptions;
  /** Client-level redirect following; default the client's default (follow). */
  readonly followRedirects?: boolean;
  /**
   * The client's own TLS settings, outside authwire: trust this CA (PEM), present no certificate.
   * axios: an `httpsAgent`; got: `https.certificateAuthority`; fetch and ky: an undici `dispatcher`.
   */
  readonly ownTls?: { readonly ca: string };
}

export interface DriverClient {
  /** Resolves for every HTTP status (the driver turns the client's HTTP errors into a response). */
  request(request: DriverRequest): Promise<DriverResponse>;
  /** Resolves with what the client threw (or rejects if it did not throw): for error-shape and redaction checks. */
  error(request: DriverRequest): Promise<unknown>;
  /** Removes the authenticator from the client where the adapter supports it. */
  close(): void;
}

export interface ClientDriver {
  /** `axios-fetch`: axios with its fetch adapter, driven only where that adapter is covered (redirects). */
  readonly name: 'axios' | 'axios-fetch' | 'got' | 'ky' | 'fetch';
  /** Whether the client has a base URL option (fetch does not). */
  readonly hasBaseUrl: boolean;
  /** Whether the client rejects on a 4xx/5xx answer by default (fetch does not). */
  readonly throwsHttpErrors: boolean;
  /** The status of `error` when it is the client's own error for an HTTP answer (AxiosError, got's and ky's HTTPError). */
  httpErrorStatus(error: unknown): number | undefined;
  create(authenticator: Authenticator, options?: DriverClientOptions): DriverClient;
}
