// Chaos: the network between half of 6 processes and their Redis black-holes traffic for 5 s
// (test/servers/tcp-proxy.ts: nothing forwarded, sockets kept open) while the lease holder, one
// of that half, has its token request at the server: its new token cannot be stored until the
// network heals. The lease (10 s) outlasts the partition. Skips loudly without redis-server
// (fails under CI=true).
import { afterAll, describe, expect, it } from 'vitest';
import { startRedisOrSkip } from '../servers/redis.js';
import { startTcpProxy, type TcpProxy } from '../servers/tcp-proxy.js';
import { blackholeHolder } from './cases.js';
import { redisStore } from './stores.js';
import { compileWorker } from './compile-worker.js';
import { expectInsideGuarantee } from './expect.js';

const redis = await startRedisOrSkip('test/chaos/blackhole.test.ts (store black-holed for 5 s)');
const worker = redis === undefined ? undefined : compileWorker();
const proxies: TcpProxy[] = redis === undefined ? [] : await Promise.all([startTcpProxy(redis.port), startTcpProxy(redis.port)]);
afterAll(async () => {
  await Promise.all(proxies.map((proxy) => proxy.close()));
  worker?.remove();
  await redis?.close();
});

describe.skipIf(redis === undefined)('the store black-holed for 5 s for half of 6 processes, the lease holder among them', () => {
  it('no refresh token reused or lost; only the cut-off processes fail, with ERR_AUTH_STORE, once their cached token expired', async () => {
    const [a, b] = proxies as [TcpProxy, TcpProxy];
    const result = await blackholeHolder({
      script: worker!.script, store: redisStore(redis!.url, (index) => `redis://127.0.0.1:${(index % 2 === 0 ? a : b).port}`),
      proxies: [a, b], leaseMs: 10_000, storeTimeoutMs: 1_000,
    });
    expectInsideGuarantee(result, { fault: ['ERR_AUTH_STORE'], recover: ['ERR_AUTH_STORE'] });
    // The ones that kept their store never failed: they waited for the holder's token.
    expect(result.cutOff).toHaveLength(3);
    expect(result.problems.filter((problem) => !result.cutOff.some((index) => problem.startsWith(`#${index} `)))).toEqual([]);
  });
});
