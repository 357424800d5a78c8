// Drives axiosAuth. `request()` lets every status through as a response (validateStatus), so the
// suite's retry scenarios run through the response interceptor, unless `throwHttpErrors` asks for
// axios's default; `error()` keeps axios's default (4xx/5xx reject), so those scenarios run through
// the error interceptor and get the AxiosError a caller would.
import { Agent } from 'node:https';
import axios, { type AxiosRequestConfig, type AxiosResponse } from 'axios';
import { axiosAuth } from '../../../adapters/axios.js';
import type { ClientDriver, DriverRequest, DriverResponse } from '../driver.js';

export const axiosDriver: ClientDriver = {
  name: 'axios',
  hasBaseUrl: true,
  throwsHttpErrors: true,
  httpErrorStatus: (error) => (axios.isAxiosError(error) ? error.response?.status : undefined),
  create(authenticator, options = {}) {
    const instance = axios.create({
      ...(options.baseUrl === undefined ? {} : { baseURL: options.baseUrl }),
      ...(options.followRedirects === false ? { maxRedirects: 0 } : {}),
      ...(options.ownTls === undefined ? {} : { httpsAgent: new Agent({ ca: options.ownTls.ca }) }),
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
    });
    const remove = axiosAuth(instance, authenticator, options.adapter);
    return {
      async request(request) {
        const config = requestConfig(request);
        return toDriverResponse(await instance.request(request.throwHttpErrors === true ? config : { ...config, validateStatus: () => true }));
      },
      async error(request) {
        let response: AxiosResponse;
        try {
          response = await instance.request(requestConfig(request));
        } catch (error) {
          return error;
        }
        throw new Error(`axios did not throw: it resolved with status ${response.status}`);
      },
      close: remove,
    };
  },
};

function requestConfig(request: DriverRequest): AxiosRequestConfig {
  const config: AxiosRequestConfig = { method: request.method ?? 'GET', url: request.url };
  if (request.headers !== undefined) config.headers = { ...request.headers };
  if (request.query !== undefined) config.params = { ...request.query };
  if (request.signal !== undefined) config.signal = request.signal;
  if (request.json !== undefined) config.data = request.json;
  else if (request.form !== undefined) config.data = new URLSearchParams(request.form);
  else if (request.body !== undefined) config.data = request.body;
  return config;
}

function toDriverResponse(response: AxiosResponse): DriverResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  const data: unknown = response.data;
  return { status: response.status, body: typeof data === 'string' ? data : data === undefined || data === null ? '' : String(data), headers };
}
