import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { AuthError, isAuthError } from '../../src/index.js';

describe('AuthError', () => {
  it('carries a code to switch on, details and cause', () => {
    const cause = Object.assign(new Error('socket hang up near Bearer abc123'), { code: 'ECONNRESET' });
    const error = new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', 'token endpoint failed', { cause, details: { status: 503 } });
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('ERR_AUTH_TOKEN_REQUEST_FAILED');
    expect(error.cause).toBe(cause);
    expect(JSON.parse(JSON.stringify(error))).toEqual({ name: 'AuthError', code: 'ERR_AUTH_TOKEN_REQUEST_FAILED', message: 'token endpoint failed', details: { status: 503 } });
    const shown = inspect(error, { depth: Infinity });
    expect(shown).toContain("code: 'ERR_AUTH_TOKEN_REQUEST_FAILED'");
    expect(shown).toContain('[cause]: Error (ECONNRESET)');
    expect(shown).not.toContain('abc123');
  });

  it('is recognised across realms by name and code', () => {
    const foreign = { name: 'AuthError', code: 'ERR_AUTH_STORE', message: 'x' };
    expect(isAuthError(foreign)).toBe(true);
    expect(isAuthError(foreign, 'ERR_AUTH_STORE')).toBe(true);
    expect(isAuthError(foreign, 'ERR_AUTH_TIMEOUT')).toBe(false);
    expect(isAuthError(new Error('x'))).toBe(false);
  });
});
