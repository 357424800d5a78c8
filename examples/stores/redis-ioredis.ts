// The code of docs/stores.md, type-checked by `npm test` (examples/tsconfig.json).

// #region ioredis
import { Redis } from 'ioredis';
import { RedisTokenStore } from 'authwire/redis';
const client = new Redis(process.env.REDIS_URL!, {
  maxRetriesPerRequest: 1, // fail a command after one retry instead of ioredis' default 20 (~5 s per request in an outage)
  connectTimeout: 2_000,
});
const store = new RedisTokenStore({ client, prefix: 'my-app:auth:', timeoutMs: 2_000 });
// #endregion ioredis

export { store };
