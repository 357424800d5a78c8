// The code of docs/stores.md, type-checked by `npm test` (examples/tsconfig.json).

// #region ioredis
import { Redis } from 'ioredis';
import { RedisTokenStore } from 'authwire/redis';
const store = new RedisTokenStore({ client: new Redis(process.env.REDIS_URL!), prefix: 'my-app:auth:' });
// #endregion ioredis

export { store };
