// Drives kyAuth with whichever ky resolves: ky 1 (installed) or ky 2 (the compatibility run).
import { Readable } from 'node:stream';
import ky, { HTTPError, type Options } from 'ky';
import { Agent } from 'undici';
import * as kyModule from 'ky';
import { kyAuth } from '../../../adapters/ky.js';
import type { ClientDriver, DriverClientOptions, DriverRequest, DriverResponse } from '../driver.js';

/** ky 2 renamed `prefixUrl` to `prefix` (and throws on the old name); it also added `NetworkError`. */
export const kyMajor: 1 | 2 = 'NetworkError' in kyModule ? 2 : 1;

export const kyDriver: ClientDriver = {
  name: 'ky',
  hasBaseUrl: true,
  throwsHttpErrors: true,
  httpErrorStatus: (error) => (error instanceof HTTPError ? error.response.status : undefined),
  create(authenticator, options = {}) {
    const clientOptions: Options = { ...kyAuth(authenticator, options.adapter) };
    if (options.baseUrl !== undefined) Object.assign(clientOptions, kyMajor === 2 ? { prefix: options.baseUrl } : { prefixUrl: options.baseUrl });
    if (options.followRedirects === false) clientOptions.redirect = 'manual';
    // ky hands options it does not know (undici's `dispatcher`) to its fetch as init.
    const dispatcher = options.ownTls === undefined ? undefined : new Agent({ connect: { ca: options.ownTls.ca } });
    if (dispatcher !== undefined) Object.assign(clientOptions, { dispatcher });
    const client = ky.create(clientOptions);
    const send = (request: DriverRequest, throwHttpErrors: boolean): Promise<Response> =>
      client(requestInput(request, options), { ...requestOptions(request), throwHttpErrors });
    return {
      async request(request) {
        return toDriverResponse(await send(request, request.throwHttpErrors === true));
      },
      async error(request) {
        let response: Response;
        try {
          response = await send(request, true);
        } catch (error) {
          return error;
        }
        await response.body?.cancel();
        throw new Error(`ky did not throw: it resolved with status ${response.status}`);
      },
      close() {
        void dispatcher?.close();
      },
    };
  },
};

/** An absolute URL goes as a URL object, which ky never joins to its prefix; a path as a string without a leading slash. */
function requestInput(request: DriverRequest, options: DriverClientOptions): string | URL {
  const query = new URLSearchParams(request.query).toString();
  const withQuery = query === '' ? request.url : `${request.url}${request.url.includes('?') ? '&' : '?'}${query}`;
  if (/^[a-z][a-z0-9+.-]*:/i.test(withQuery)) return new URL(withQuery);
  return options.baseUrl === undefined ? withQuery : withQuery.replace(/^\/+/, '');
}

function requestOptions(request: DriverRequest): Options {
  const options: Options = { method: request.method ?? 'GET' };
  if (request.headers !== undefined) options.headers = { ...request.headers };
  if (request.signal !== undefined) options.signal = request.signal;
  if (request.json !== undefined) options.json = request.json;
  else if (request.form !== undefined) options.body = new URLSearchParams(request.form);
  else if (request.body instanceof Readable) options.body = Readable.toWeb(request.body) as ReadableStream<Uint8Array>;
  else if (request.body !== undefined) options.body = typeof request.body === 'string' ? request.body : Uint8Array.from(request.body);
  return options;
}

async function toDriverResponse(response: Response): Promise<DriverResponse> {
  return { status: response.status, body: await response.text(), headers: Object.fromEntries(response.headers) };
}
