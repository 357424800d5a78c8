// awsSigV4Auth through axios, got, ky and fetch: for a few hundred random requests, the server
// recomputes the signature with @smithy/signature-v4 from what it received, and it matches.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsSigV4Auth } from '../../src/index.js';
import { drivers } from '../conformance/drivers/index.js';
import { random, randomRequest } from './support/random-requests.js';
import { startRawServer, type RawServer } from './support/raw-server.js';
import { verifyWithSmithy, type SmithyCheck } from './support/smithy-verify.js';

const keys = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const perClient = 100;

let server: RawServer;
let check: SmithyCheck = { region: 'us-east-1', service: 'execute-api', credentials: () => keys };

beforeAll(async () => {
  server = await startRawServer(async (request) => {
    const verdict = await verifyWithSmithy(request, check);
    return { status: verdict.ok ? 200 : 400, body: verdict };
  });
});
afterAll(async () => {
  await server.close();
});

describe.each(drivers)('awsSigV4Auth through $name', (driver) => {
  it.each([
    { service: 'execute-api', seed: 1 },
    { service: 's3', seed: 2 },
  ])(`signs ${perClient} random requests for $service as @smithy/signature-v4 recomputes them from what was received`, async ({ service, seed }) => {
    check = { region: 'eu-west-1', service, credentials: () => keys };
    const client = driver.create(awsSigV4Auth({ region: 'eu-west-1', service, credentials: keys }), { baseUrl: server.origin });
    const next = random(seed * 1000 + driver.name.length);
    const failures: unknown[] = [];
    for (let index = 0; index < perClient; index++) {
      const request = randomRequest(next);
      const response = await client.request(request);
      if (response.status !== 200) failures.push({ request: { ...request, body: undefined }, target: server.received.at(-1)?.target, status: response.status, verdict: response.body });
    }
    client.close();
    expect(failures).toEqual([]);
  });

  it('signs a session token and a presigned query the same way', async () => {
    check = { region: 'us-east-1', service: 'execute-api', credentials: () => ({ ...keys, sessionToken: 'session/token+value==' }) };
    const withToken = driver.create(awsSigV4Auth({ region: 'us-east-1', service: 'execute-api', credentials: { ...keys, sessionToken: 'session/token+value==' } }), { baseUrl: server.origin });
    const signed = await withToken.request({ method: 'POST', url: '/items', json: { a: 1 } });
    expect(signed.status, signed.body).toBe(200);
    expect(server.received.at(-1)?.headers['x-amz-security-token']).toBe('session/token+value==');
    check = { region: 'us-east-1', service: 'execute-api', credentials: () => keys };
    const presigned = driver.create(awsSigV4Auth({ region: 'us-east-1', service: 'execute-api', credentials: keys, presign: { expiresIn: 60 } }), { baseUrl: server.origin });
    const response = await presigned.request({ url: '/items/ü b', query: { 'list-type': '2', prefix: 'a b/c' } });
    expect(response.status, response.body).toBe(200);
    expect(server.received.at(-1)?.headers.authorization).toBeUndefined();
    expect(server.received.at(-1)?.target).toContain('X-Amz-Signature=');
  });
});
