// The code of docs/stores.md, type-checked by `npm test` (examples/tsconfig.json).

// #region sentinel
import { Redis } from 'ioredis';
import { RedisTokenStore } from 'authwire/redis';
const client = new Redis({
  sentinels: [{ host: 'sentinel-1.internal', port: 26379 }, { host: 'sentinel-2.internal', port: 26379 }, { host: 'sentinel-3.internal', port: 26379 }],
  name: 'tokens', // the name in `sentinel monitor tokens …`
  maxRetriesPerRequest: 1,
  reconnectOnError: (error) => (error.message.startsWith('READONLY') ? 2 : false), // a demoted primary: reconnect and resend
});
const store = new RedisTokenStore({ client, prefix: 'my-app:auth:', replicas: 1 }); // each new token on a replica before it is used
// #endregion sentinel

export { store };
