// Drives axiosAuth. `request()` lets every status through as a response (validateStatus), so the
// suite's retry scenarios run through the response interceptor, unless `throwHttpErrors` asks for
// axios's default; `error()` keeps axios's default (4xx/5xx reject), so those scenarios run through
// the error interceptor and get the AxiosError a caller would.
// `axios-fetch` is the same with axios's fetch adapter (`adapter: 'fetch'`, own TLS through an
// undici dispatcher in `fetchOptions`).
import { Agent } from 'node:https';
import axios, { type AxiosRequestConfig, type AxiosResponse, type CreateAxiosDefaults } from 'axios';
import { Agent as UndiciAgent } from 'undici';
import { axiosAuth } from '../../../adapters/axios.js';
import type { ClientDriver, DriverClientOptions, DriverRequest, DriverResponse } from '../driver.js';

export const axiosDriver: ClientDriver = axiosDriverWith('axios');
export const axiosFetchDriver: ClientDriver = axiosDriverWith('axios-fetch');

function axiosDriverWith(name: 'axios' | 'axios-fetch'): ClientDriver {
  return {
    name,
    hasBaseUrl: true,
    throwsHttpErrors: true,
    httpErrorStatus: (error) => (axios.isAxiosError(error) ? error.response?.status : undefined),
    create(authenticator, options = {}) {
      const instance = axios.create({
        ...(options.baseUrl === undefined ? {} : { baseURL: options.baseUrl }),
        ...(options.followRedirects === false ? { maxRedirects: 0 } : {}),
        ...(name === 'axios' ? nodeTls(options) : fetchAdapter(options)),
        responseType: 'text',
        transformResponse: [(data: unknown) => data],
      });
      return driverClient(instance, axiosAuth(instance, authenticator, options.adapter));
    },
  };
}

function nodeTls(options: DriverClientOptions): CreateAxiosDefaults {
  return options.ownTls === undefined ? {} : { httpsAgent: new Agent({ ca: options.ownTls.ca }) };
}

function fetchAdapter(options: DriverClientOptions): CreateAxiosDefaults {
  if (options.ownTls === undefined) return { adapter: 'fetch' };
  return { adapter: 'fetch', fetchOptions: { dispatcher: new UndiciAgent({ connect: { ca: options.ownTls.ca } }) } };
}

function driverClient(instance: ReturnType<typeof axios.create>, remove: () => void): ReturnType<ClientDriver['create']> {
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
}

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
