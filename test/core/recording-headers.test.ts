// The headers an authenticator edits answer each name and value alike however often the same
// one comes again: the kept last answer never lets an unsendable value or a bad name through.
import { describe, expect, it } from 'vitest';
import { isAuthError } from '../../src/index.js';
import { recordingHeaders } from '../../src/adapter-kit/recording-headers.js';

const good = 'Bearer static-token-0123456789';

function codeOf(run: () => void): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return isAuthError(error) ? error.code : error instanceof TypeError ? 'TypeError' : 'other';
  }
}

describe('recordingHeaders', () => {
  for (const [kind, init] of [['a header object', () => ({ accept: 'application/json' })], ['Headers', () => new Headers({ accept: 'application/json' })]] as const) {
    it(`refuses an unsendable value after a plain one was set, on ${kind}`, () => {
      for (let round = 0; round < 3; round++) {
        const headers = recordingHeaders(init());
        headers.set('Authorization', good);
        expect(headers.get('authorization')).toBe(good);
        expect(codeOf(() => headers.set('Authorization', `${good}\u0001`))).toBeDefined();
        expect(codeOf(() => headers.set('Authorization', `${good}\u20ac`))).toBeDefined();
        expect(headers.get('authorization')).toBe(good);
        expect(headers.touched).toEqual(['authorization']);
        expect(headers.before).toEqual([null]);
      }
    });

    it(`reads a name in any case as one, and refuses a name that is no token, on ${kind}`, () => {
      const headers = recordingHeaders(init());
      headers.set('X-Api-Key', 'k1');
      headers.set('x-api-key', 'k2');
      headers.set('X-API-KEY', 'k3');
      expect(headers.get('x-Api-key')).toBe('k3');
      expect(headers.touched).toEqual(['x-api-key']);
      expect(codeOf(() => headers.set('bad name', 'v'))).toBe('TypeError');
      expect(codeOf(() => headers.set('bad name', 'v'))).toBe('TypeError');
      expect(headers.get('accept')).toBe('application/json');
    });
  }
});
