import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTokenAuthenticator, MemoryTokenStore, TokenManager, type AuthContext, type AuthRequest } from '../../src/index.js';
import { scriptedSource, settle } from './helpers.js';

const start = Date.UTC(2030, 0, 1);
const unauthorized = { status: 401, headers: new Headers({ 'www-authenticate': 'Bearer error="invalid_token"' }) };

function request(): AuthRequest {
  return { method: 'GET', url: new URL('https://api.example.com/x'), headers: new Headers(), body: { type: 'none' } };
}

function setup() {
  const source = scriptedSource();
  const manager = new TokenManager({ key: 'k', fetchToken: source.fetchToken, store: new MemoryTokenStore(), refreshAhead: false });
  const auth = createTokenAuthenticator({ name: 'test', manager });
  return { source, manager, auth };
}

beforeEach(() => {
  vi.useFakeTimers({ now: start });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('401 handling', () => {
  it('authenticate puts the token in Authorization: Bearer and records it as the credential', async () => {
    const { auth } = setup();
    const context: AuthContext = { attempt: 0 };
    const req = request();
    await auth.authenticate(req, context);
    expect(req.headers.get('authorization')).toBe('Bearer at-1');
    expect(context.credential).toBe('at-1');
    await auth.close();
  });

  it('a 401 for the current token refreshes once and asks for a retry', async () => {
    const { auth, source } = setup();
    const context: AuthContext = { attempt: 0 };
    await auth.authenticate(request(), context);
    await expect(auth.challenge(unauthorized, request(), context)).resolves.toBe(true);
    expect(source.calls).toHaveLength(2);
    expect(source.calls[1]?.reason).toBe('rejected');
    const retry: AuthContext = { ...context, attempt: 1 };
    const req = request();
    await auth.authenticate(req, retry);
    expect(req.headers.get('authorization')).toBe('Bearer at-2');
    await auth.close();
  });

  it('a stale 401 (for a token already replaced) retries with the current token and does not refresh again', async () => {
    const { auth, source } = setup();
    const old: AuthContext = { attempt: 0 };
    await auth.authenticate(request(), old);
    const first = await auth.getToken();
    vi.setSystemTime(first.expiresAt + 1);
    const fresh: AuthContext = { attempt: 0 };
    await auth.authenticate(request(), fresh);
    expect(fresh.credential).toBe('at-2');
    expect(source.calls).toHaveLength(2);

    await expect(auth.challenge(unauthorized, request(), old)).resolves.toBe(true);
    expect(source.calls).toHaveLength(2);
    await auth.close();
  });

  it('property: any mix of late 401s for old tokens and concurrent 401s for the current one causes at most one refresh', async () => {
    await fc.assert(
      // true: a 401 for the current token; false: a late 401 for the token it replaced.
      fc.asyncProperty(fc.array(fc.boolean(), { minLength: 1, maxLength: 100 }).filter((mix) => mix.includes(true)), async (mix) => {
        vi.setSystemTime(start);
        const { auth, source } = setup();
        const old: AuthContext = { attempt: 0 };
        await auth.authenticate(request(), old);
        vi.setSystemTime((await auth.getToken()).expiresAt + 1);
        const now: AuthContext = { attempt: 0 };
        await auth.authenticate(request(), now);
        const before = source.calls.length;
        const answers = await Promise.all(mix.map((isCurrent) => auth.challenge(unauthorized, request(), { ...(isCurrent ? now : old) })));
        await auth.close();
        return answers.every(Boolean) && source.calls.length === before + 1;
      }),
      { numRuns: 30 },
    );
  });

  it('only stale 401s: no refresh at all', async () => {
    const { auth, source } = setup();
    const old: AuthContext = { attempt: 0 };
    await auth.authenticate(request(), old);
    vi.setSystemTime((await auth.getToken()).expiresAt + 1);
    await auth.authenticate(request(), { attempt: 0 });
    await Promise.all(Array.from({ length: 100 }, () => auth.challenge(unauthorized, request(), { ...old })));
    await settle();
    expect(source.calls).toHaveLength(2);
    await auth.close();
  });

  it('never retries twice, never after a 403 or insufficient_scope', async () => {
    const { auth, source } = setup();
    const context: AuthContext = { attempt: 0 };
    await auth.authenticate(request(), context);
    await expect(auth.challenge(unauthorized, request(), { ...context, attempt: 1 })).resolves.toBe(false);
    await expect(auth.challenge({ status: 403, headers: new Headers() }, request(), context)).resolves.toBe(false);
    await expect(
      auth.challenge({ status: 401, headers: new Headers({ 'www-authenticate': 'Bearer error="insufficient_scope", scope="admin"' }) }, request(), context),
    ).resolves.toBe(false);
    await expect(auth.challenge({ status: 400, headers: new Headers({ 'www-authenticate': 'Bearer error="invalid_request"' }) }, request(), context)).resolves.toBe(false);
    expect(source.calls).toHaveLength(1);
    await auth.close();
  });

  it('a refused token is never handed out again, even before it expires', async () => {
    const { auth, manager } = setup();
    const context: AuthContext = { attempt: 0 };
    await auth.authenticate(request(), context);
    await auth.challenge(unauthorized, request(), context);
    expect((await manager.getToken()).accessToken).toBe('at-2');
    expect(manager.peek()?.accessToken).toBe('at-2');
    await auth.close();
  });
});
