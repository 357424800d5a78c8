// authwire's own adapters pass the adapter contract it ships in authwire/testing: fetch through
// authFetch, axios through axiosAuth (every status let through as a response).
import axios from 'axios';
import { axiosAuth } from '../../adapters/axios.js';
import { authFetch } from '../../adapters/fetch.js';
import { testAdapter } from '../../src/testing/index.js';

testAdapter('fetch', {
  async send(authenticator, request, options) {
    const response = await authFetch(authenticator, options)(request.url, {
      method: request.method,
      ...(request.headers === undefined ? {} : { headers: request.headers }),
      ...(request.body === undefined ? {} : { body: request.body }),
    });
    await response.arrayBuffer();
    return { status: response.status };
  },
});

testAdapter('axios', {
  async send(authenticator, request, options) {
    const instance = axios.create({ validateStatus: () => true });
    const remove = axiosAuth(instance, authenticator, options);
    try {
      const response = await instance.request({ method: request.method, url: request.url, headers: { ...request.headers }, ...(request.body === undefined ? {} : { data: request.body }) });
      return { status: response.status };
    } finally {
      remove();
    }
  },
});
