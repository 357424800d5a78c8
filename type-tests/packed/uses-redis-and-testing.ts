// Compiled with uses-everything.ts (see there): the subpaths that need an optional peer
// dependency, authwire/redis (ioredis) and authwire/testing (vitest).
import { Redis } from 'ioredis';
import { MemoryTokenStore, type TokenStore } from 'authwire';
import { RedisTokenStore } from 'authwire/redis';
import { testTokenStore } from 'authwire/testing';

export function sharedStore(url: string): TokenStore {
  return new RedisTokenStore({ client: new Redis(url), prefix: 'app:' });
}

export function checkStores(): void {
  testTokenStore('MemoryTokenStore', () => new MemoryTokenStore());
}
