// The code of docs/stores.md, type-checked by `npm test` (examples/tsconfig.json).

// #region cluster
import { Cluster } from 'ioredis';
import { RedisTokenStore } from 'authwire/redis';
const client = new Cluster([{ host: 'redis-1.internal', port: 6379 }, { host: 'redis-2.internal', port: 6379 }], {
  redisOptions: { maxRetriesPerRequest: 1, connectTimeout: 2_000 }, // fail fast in an outage, as for one Redis
});
const store = new RedisTokenStore({ client, prefix: 'my-app:auth:', timeoutMs: 2_000 });
// #endregion cluster

export { store };
