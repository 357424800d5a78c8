// Builds an AuthRequest the way an adapter would, for tests of strategies on their own.
import type { AuthBody, AuthRequest } from '../../src/index.js';

export function authRequest(url = 'https://api.example.com/v1/items', init: { method?: string; headers?: Record<string, string>; body?: AuthBody } = {}): AuthRequest {
  return { method: init.method ?? 'GET', url: new URL(url), headers: new Headers(init.headers), body: init.body ?? { type: 'none' } };
}
