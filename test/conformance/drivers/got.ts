// Drives gotAuth with whichever got resolves: got 14 (installed) or a later major (the
// compatibility run). got's own retries are off (`retry.limit: 0`) so every client sends the same
// number of requests; test/adapters/got.test.ts covers them. `request()` turns off
// throwHttpErrors (unless the request asks for it) so every status is a response; `error()` keeps
// got's default.
import got, { HTTPError, type Method, type OptionsOfTextResponseBody, type Response } from 'got';
import { gotAuth } from '../../../adapters/got.js';
import type { ClientDriver, DriverClientOptions, DriverRequest, DriverResponse } from '../driver.js';

export const gotDriver: ClientDriver = {
  name: 'got',
  hasBaseUrl: true,
  throwsHttpErrors: true,
  httpErrorStatus: (error) => (error instanceof HTTPError ? error.response.statusCode : undefined),
  create(authenticator, options = {}) {
    const client = got.extend(
      {
        prefixUrl: options.baseUrl ?? '',
        followRedirect: options.followRedirects ?? true,
        retry: { limit: 0 },
        ...(options.ownTls === undefined ? {} : { https: { certificateAuthority: options.ownTls.ca } }),
      },
      gotAuth(authenticator, options.adapter),
    );
    const send = (request: DriverRequest, throwHttpErrors: boolean): Promise<Response<string>> =>
      client(requestUrl(request, options), { ...requestOptions(request), throwHttpErrors });
    return {
      async request(request) {
        return toDriverResponse(await send(request, request.throwHttpErrors === true));
      },
      async error(request) {
        let response: Response<string>;
        try {
          response = await send(request, true);
        } catch (error) {
          return error;
        }
        throw new Error(`got did not throw: it resolved with status ${response.statusCode}`);
      },
      close() {},
    };
  },
};

/**
 * The query goes into the URL (got's `searchParams` would replace a query the URL already has);
 * a path loses its leading slash (got refuses one with `prefixUrl`).
 */
function requestUrl(request: DriverRequest, options: DriverClientOptions): string {
  const query = new URLSearchParams(request.query).toString();
  const url = query === '' ? request.url : `${request.url}${request.url.includes('?') ? '&' : '?'}${query}`;
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || options.baseUrl === undefined) return url;
  return url.replace(/^\/+/, '');
}

function requestOptions(request: DriverRequest): OptionsOfTextResponseBody {
  const options: OptionsOfTextResponseBody = { method: (request.method ?? 'GET') as Method, responseType: 'text' };
  if (request.headers !== undefined) options.headers = { ...request.headers };
  if (request.signal !== undefined) options.signal = request.signal;
  if (request.json !== undefined) options.json = request.json;
  else if (request.form !== undefined) options.form = { ...request.form };
  else if (request.body !== undefined) options.body = request.body;
  return options;
}

function toDriverResponse(response: Response<string>): DriverResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { status: response.statusCode, body: response.body, headers };
}
