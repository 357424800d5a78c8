// A credential put in a JSON body changes nothing else of the caller's JSON: the server receives
// the caller's exact text with the credential spliced in — numbers beyond 2^53, key order,
// whitespace, escapes and duplicate keys as written.
import { describe, expect, it } from 'vitest';
import { apiKeyAuth, type Authenticator } from '../../src/index.js';
import { type ReceivedRequest, type TestServer } from '../servers/http-server.js';
import { useTestServer } from './server-fixture.js';
import type { DriverRequest } from './driver.js';
import { drivers } from './drivers/index.js';

const key = 'key_7c1e9b3a5d2f8e6a';

const cases = [
  {
    what: 'a number beyond 2^53, integer-like keys after others, whitespace, a \\u escape, a duplicate key, 1.0 and 2e3',
    name: 'api_key',
    text: '{"id": 12345678901234567890, "b": "caf\\u00e9 ✓", "2": [1.0, 2e3],\n  "dup": 1, "dup": 2 }',
    expected: `{"id": 12345678901234567890, "b": "caf\\u00e9 ✓", "2": [1.0, 2e3],\n  "dup": 1, "dup": 2,"api_key":"${key}" }`,
  },
  {
    what: 'a dotted path into an existing nested object',
    name: 'auth.key',
    text: '{ "auth": { "user": "u1" }, "amount": 1.50, "big": -98765432109876543210 }',
    expected: `{ "auth": { "user": "u1","key":"${key}" }, "amount": 1.50, "big": -98765432109876543210 }`,
  },
  {
    what: 'a dotted path into a missing object',
    name: 'auth.key',
    text: '{"n": 1e400, "list": []}',
    expected: `{"n": 1e400, "list": [],"auth":{"key":"${key}"}}`,
  },
  {
    what: 'a key the caller already set (its value replaced, nothing else)',
    name: 'meta.api_key',
    text: '{"meta": {"api_key": "placeholder", "v": 1.10}, "id": 12345678901234567890}',
    expected: `{"meta": {"api_key": "${key}", "v": 1.10}, "id": 12345678901234567890}`,
  },
  {
    what: 'an empty object',
    name: 'api_key',
    text: '{ }',
    expected: `{"api_key":"${key}" }`,
  },
];

describe.each(drivers)('$name: JSON bodies arrive unchanged but for the credential', (driver) => {
  let server!: TestServer;
  useTestServer((started) => {
    server = started;
  });

  async function send(auth: Authenticator, request: DriverRequest): Promise<ReceivedRequest> {
    const client = driver.create(auth, { baseUrl: `${server.origin}/` });
    try {
      const response = await client.request(request);
      expect(response.status).toBe(200);
      expect(server.requests).toHaveLength(1);
      return server.requests[0]!;
    } finally {
      client.close();
    }
  }

  it.each(cases)('raw JSON text: $what', async ({ name, text, expected }) => {
    const received = await send(apiKeyAuth({ key, in: 'json', name }), {
      method: 'POST',
      url: 'items',
      headers: { 'content-type': 'application/json' },
      body: text,
    });
    expect(received.body).toBe(expected);
    expect(received.headers['content-length']).toBe(String(Buffer.byteLength(expected)));
  });

  it('the same text as bytes (a Buffer body)', async () => {
    const { name, text, expected } = cases[0]!;
    const received = await send(apiKeyAuth({ key, in: 'json', name }), {
      method: 'PUT',
      url: 'items/1',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: Buffer.from(text, 'utf8'),
    });
    expect(received.body).toBe(expected);
  });

  it("an object the client serializes (big numbers as strings, integer-like keys): the client's JSON plus the credential", async () => {
    const value = { id: '12345678901234567890', amount: 0.1, b: 'caf\u00e9', 10: 'ten', nested: { list: [1, 2.5, 'x'] } };
    const received = await send(apiKeyAuth({ key, in: 'json', name: 'auth.key' }), { method: 'POST', url: 'items', json: value });
    expect(received.body).toBe(`${JSON.stringify(value).slice(0, -1)},"auth":{"key":"${key}"}}`);
  });

  it("an authenticator's own edits: a removed key rewrites only its object, a changed array item only that item", async () => {
    const editor: Authenticator = {
      name: 'editor',
      authenticate: async (request) => {
        if (request.body.type !== 'json') throw new Error('expected a JSON body');
        const value = request.body.value as { drop: { secret?: string; n: number }; list: unknown[] };
        delete value.drop.secret;
        value.list[1] = 'signed';
      },
    };
    const received = await send(editor, {
      method: 'POST',
      url: 'items',
      headers: { 'content-type': 'application/json' },
      body: '{"id": 12345678901234567890, "drop": {"secret": "s", "n": 2.50}, "list": [1.0, "x", 3e2]}',
    });
    expect(received.body).toBe('{"id": 12345678901234567890, "drop": {"n":2.5}, "list": [1.0, "signed", 3e2]}');
  });
});
