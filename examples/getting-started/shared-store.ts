// The code of docs/getting-started.md, type-checked by `npm test` (examples/tsconfig.json).
import { oauth2Auth } from 'authwire';

const tokenUrl = 'https://auth.example.com/oauth/token';
const clientId = 'reporting-service';
const clientSecret = process.env.REPORTING_CLIENT_SECRET ?? '';

// #region shared-store
import { Redis } from 'ioredis';
import { RedisTokenStore } from 'authwire/redis';

const store = new RedisTokenStore({ client: new Redis(process.env.REDIS_URL ?? '') });
const auth = oauth2Auth({ grant: 'client_credentials', tokenUrl, clientId, clientSecret, store });
// #endregion shared-store

export { auth };
