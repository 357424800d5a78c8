// The code of docs/adapters/README.md, type-checked by `npm test` (examples/tsconfig.json).

// #region contract
// my-adapter.test.ts: the driver sends one request through your adapter (here authwire's own
// authFetch stands in for it) and resolves with the status, whatever it is.
import { authFetch } from 'authwire/fetch';
import { testAdapter } from 'authwire/testing';

testAdapter('my-fetch-adapter', {
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
// #endregion contract
