// Drives authFetch. fetch has no base URL: `baseUrl` only resolves the suite's relative paths here
// (test convenience), it is not given to authwire; `hasBaseUrl: false` says so to the suite.
import { Readable } from 'node:stream';
import { Agent } from 'undici';
import { authFetch } from '../../../adapters/fetch.js';
import type { ClientDriver, DriverClientOptions, DriverRequest, DriverResponse } from '../driver.js';

export const fetchDriver: ClientDriver = {
  name: 'fetch',
  hasBaseUrl: false,
  throwsHttpErrors: false,
  httpErrorStatus: () => undefined,
  create(authenticator, options = {}) {
    const fetchWithAuth = authFetch(authenticator, options.adapter);
    const dispatcher = options.ownTls === undefined ? undefined : new Agent({ connect: { ca: options.ownTls.ca } });
    const send = (request: DriverRequest): Promise<Response> => {
      const init = requestInit(request, options);
      return fetchWithAuth(requestUrl(request, options), dispatcher === undefined ? init : ({ ...init, dispatcher } as RequestInit));
    };
    return {
      async request(request) {
        return toDriverResponse(await send(request));
      },
      async error(request) {
        let response: Response;
        try {
          response = await send(request);
        } catch (error) {
          return error;
        }
        await response.body?.cancel();
        throw new Error(`fetch did not throw: it resolved with status ${response.status}`);
      },
      close() {
        void dispatcher?.close();
      },
    };
  },
};

function requestUrl(request: DriverRequest, options: DriverClientOptions): URL {
  const url = /^[a-z][a-z0-9+.-]*:/i.test(request.url) ? new URL(request.url) : new URL(request.url.replace(/^\/+/, ''), options.baseUrl);
  for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.append(name, value);
  return url;
}

function requestInit(request: DriverRequest, options: DriverClientOptions): RequestInit & { duplex?: 'half' } {
  const headers = new Headers(request.headers);
  const init: RequestInit & { duplex?: 'half' } = { method: request.method ?? 'GET', headers };
  if (options.followRedirects === false) init.redirect = 'manual';
  if (request.signal !== undefined) init.signal = request.signal;
  if (request.json !== undefined) {
    init.body = JSON.stringify(request.json);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  } else if (request.form !== undefined) {
    init.body = new URLSearchParams(request.form);
  } else if (request.body instanceof Readable) {
    init.body = Readable.toWeb(request.body) as ReadableStream<Uint8Array>;
    init.duplex = 'half';
  } else if (request.body !== undefined) {
    init.body = typeof request.body === 'string' ? request.body : Uint8Array.from(request.body);
  }
  return init;
}

async function toDriverResponse(response: Response): Promise<DriverResponse> {
  return { status: response.status, body: await response.text(), headers: Object.fromEntries(response.headers) };
}
