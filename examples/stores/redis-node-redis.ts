// The code of docs/stores.md, type-checked by `npm test` (examples/tsconfig.json).

// #region node-redis
import { createClient } from 'redis';
import { RedisTokenStore, fromNodeRedis } from 'authwire/redis';
const client = await createClient({ url: process.env.REDIS_URL ?? 'redis://localhost:6379' }).connect();
const store = new RedisTokenStore({ client: fromNodeRedis(client) });
// #endregion node-redis

export { store };
