/**
 * No body.
 *
 * @example
 * ```ts
 * const body: NoBody = { type: 'none' }; // a GET, or a POST without a body
 * ```
 */
export interface NoBody {
  /** Discriminant. */
  readonly type: 'none';
}

/**
 * A parsed JSON body; a credential can be merged only into an object.
 *
 * @example
 * ```ts
 * const body: JsonBody = { type: 'json', value: { name: 'weekly report' } };
 * ```
 */
export interface JsonBody {
  /** Discriminant. */
  readonly type: 'json';
  /** The parsed value. */
  readonly value: unknown;
  /**
   * The JSON text `value` was parsed from, when there is one. `serializeBody` splices the changes
   * made to `value` into it, so what nobody changed is sent as the caller wrote it (numbers
   * beyond 2^53, key order, whitespace, escapes). Keep it when replacing the body with an edited copy.
   */
  readonly text?: string;
}

/**
 * An `application/x-www-form-urlencoded` body.
 *
 * @example
 * ```ts
 * const body: FormBody = { type: 'form', value: new URLSearchParams({ grant_type: 'client_credentials' }) };
 * ```
 */
export interface FormBody {
  /** Discriminant. */
  readonly type: 'form';
  /** The parameters; strategies may add to them. */
  readonly value: URLSearchParams;
}

/**
 * Any other buffered body, left as it is.
 *
 * @example
 * ```ts
 * const body: BytesBody = { type: 'bytes', value: new TextEncoder().encode('plain text') };
 * ```
 */
export interface BytesBody {
  /** Discriminant. */
  readonly type: 'bytes';
  /** The bytes. */
  readonly value: Uint8Array;
}

/**
 * A body that cannot be read, changed or sent twice (a stream, a `FormData` upload).
 *
 * @example
 * ```ts
 * const upload: StreamBody = { type: 'stream' }; // no body placement; a 401 is not retried
 * ```
 */
export interface StreamBody {
  /** Discriminant. */
  readonly type: 'stream';
}

/**
 * The body of an outgoing request, as an authenticator sees it.
 *
 * @example
 * ```ts
 * function describe(body: AuthBody): string {
 *   switch (body.type) {
 *     case 'form':
 *       return `form: ${[...body.value.keys()].join(', ')}`;
 *     case 'json':
 *       return 'JSON';
 *     default:
 *       return body.type;
 *   }
 * }
 * ```
 */
export type AuthBody = NoBody | JsonBody | FormBody | BytesBody | StreamBody;

/**
 * A client-neutral, mutable view of one outgoing request. Adapters build it from their client's
 * request, hand it to {@link Authenticator.authenticate}, and write every change back.
 *
 * @example
 * ```ts
 * const request: AuthRequest = { method: 'GET', url: new URL('https://api.example.com/items'), headers: new Headers(), body: { type: 'none' } };
 * await auth.authenticate(request, { attempt: 0 });
 * request.headers.get('authorization'); // 'Bearer …'
 * ```
 */
export interface AuthRequest {
  /** The HTTP method, upper case. */
  readonly method: string;
  /** The absolute URL; strategies may add query parameters. */
  url: URL;
  /** The request headers; strategies may set or delete any. */
  readonly headers: Headers;
  /** The request body; strategies may replace it (form and JSON placements). */
  body: AuthBody;
}

/**
 * What an adapter reports of a response that refused the credentials.
 *
 * @example
 * ```ts
 * const response: AuthResponse = { status: 401, headers: new Headers({ 'www-authenticate': 'Bearer error="invalid_token"' }) };
 * const retry = (await auth.challenge?.(response, request, context)) ?? false; // true: send the request once more
 * ```
 */
export interface AuthResponse {
  /** The HTTP status code. */
  readonly status: number;
  /** The response headers (`WWW-Authenticate` among them). */
  readonly headers: Headers;
}

/**
 * One per logical request, shared by its attempts.
 *
 * @example
 * ```ts
 * const context: AuthContext = { attempt: 0, signal: AbortSignal.timeout(10_000) };
 * await auth.authenticate(request, context); // context.credential now records what was sent
 * ```
 */
export interface AuthContext {
  /** 0 for the first attempt, 1 for the single retry after a challenge. */
  readonly attempt: number;
  /** The caller's signal: waiting for a token gives up when it fires. */
  readonly signal?: AbortSignal;
  /**
   * What `authenticate()` used (for token strategies, the token), so that a late 401 for a
   * credential that has since been replaced does not cause another refresh.
   */
  credential?: unknown;
}

/**
 * TLS material for client-certificate authentication and private certificate authorities.
 *
 * @example
 * ```ts
 * const tls: ClientTls = { cert: readFileSync('client.crt'), key: readFileSync('client.key'), ca: readFileSync('internal-ca.crt') };
 * const auth = withTls(bearerAuth({ token: process.env.API_TOKEN ?? '' }), tls);
 * ```
 */
export interface ClientTls {
  /** Client certificate chain in PEM. */
  readonly cert?: string | Uint8Array;
  /** Private key in PEM. */
  readonly key?: string | Uint8Array;
  /** Passphrase of `key` or `pfx`. */
  readonly passphrase?: string;
  /** PKCS#12 bundle holding key and certificate. */
  readonly pfx?: Uint8Array;
  /** Certificate authorities to trust in addition to the system ones (certificate checking stays on). */
  readonly ca?: string | Uint8Array | ReadonlyArray<string | Uint8Array>;
}

/**
 * Describes how requests are authenticated. One instance may serve any number of clients of
 * any kind at once.
 *
 * @example
 * ```ts
 * const auth: Authenticator = {
 *   name: 'custom',
 *   async authenticate(request) { request.headers.set('X-Token', await currentToken()); },
 * };
 * ```
 */
export interface Authenticator {
  /** A short name for logs and errors, e.g. `bearer` or `oauth2:client_credentials`. */
  readonly name: string;
  /**
   * Adds credentials to the request. Called on every attempt. The adapters also accept a
   * JavaScript method that returns nothing as done at once.
   */
  authenticate(request: AuthRequest, context: AuthContext): Promise<void>;
  /**
   * The server refused the credentials (a 401, or a `WWW-Authenticate` challenge). Resolve
   * `true` to have the adapter send the request once more (after, say, a token refresh).
   */
  challenge?(response: AuthResponse, request: AuthRequest, context: AuthContext): Promise<boolean>;
  /**
   * Headers to set on a redirect hop that stays on the attempt's first origin, for credentials
   * bound to one method and URL (a DPoP proof): called with the hop's method and URL, it answers
   * at once. Adapters that authenticate every hop afresh do not call it.
   */
  hopHeaders?(method: string, url: URL, context: AuthContext): Readonly<Record<string, string>> | undefined;
  /** Client certificate and CAs the adapter must use for this authenticator's origins. */
  readonly tls?: ClientTls;
  /** Clears timers and releases resources. Never needed for the process to exit. */
  close?(): Promise<void>;
}
