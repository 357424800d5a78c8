// The main entry stays small: user-facing factories, errors, stores and config. Plumbing lives in
// the subpath entries (authwire/tokens, authwire/adapter-kit, authwire/providers, …).
import { describe, expect, it } from 'vitest';
import * as authwire from '../../src/index.js';

describe('the main entry', () => {
  it('exports at most 50 runtime values', () => {
    expect(Object.keys(authwire).length).toBeLessThanOrEqual(50);
  });

  it('keeps the token-request queue controls in authwire/tokens', async () => {
    const tokens = await import('../../src/entries/tokens.js');
    expect(Object.keys(authwire)).not.toContain('setTokenRequestConcurrency');
    expect(typeof tokens.setTokenRequestConcurrency).toBe('function');
    expect(tokens.tokenRequestQueueStats().concurrency).toBe(tokens.DEFAULT_TOKEN_REQUEST_CONCURRENCY);
  });
});
