import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AuthError, authConfigJsonSchema, createAuth, isAuthError, parseAuthConfig, type AuthConfig } from '../../src/index.js';
import { authRequest } from '../core/request.js';

async function headersOf(config: AuthConfig, options?: Parameters<typeof createAuth>[1]) {
  const request = authRequest('https://api.example.com/x', { method: 'POST' });
  await createAuth(config, options).authenticate(request, { attempt: 0 });
  return request;
}

function problem(input: unknown): string {
  try {
    parseAuthConfig(input);
  } catch (error) {
    expect(isAuthError(error, 'ERR_AUTH_INVALID_CONFIG')).toBe(true);
    return (error as AuthError).message;
  }
  throw new Error('expected the config to be refused');
}

describe('createAuth', () => {
  it('builds every static strategy with the factories\' option names', async () => {
    expect((await headersOf({ type: 'basic', username: 'u', password: '' })).headers.get('authorization')).toBe(`Basic ${Buffer.from('u:').toString('base64')}`);
    expect((await headersOf({ type: 'bearer', token: 't', prefix: 'JWT' })).headers.get('authorization')).toBe('JWT t');
    expect((await headersOf({ type: 'apiKey', key: 'k', in: 'query', name: 'api_key' })).url.searchParams.get('api_key')).toBe('k');
    expect((await headersOf({ type: 'apiKey', key: 'k', in: 'header', name: 'Authorization', prefix: 'Token' })).headers.get('authorization')).toBe('Token k');
    expect((await headersOf({ type: 'none' })).headers.has('authorization')).toBe(false);
    const jwt = await headersOf({ type: 'jwt', secret: 'x'.repeat(32), iss: 'me', prefix: '' });
    expect(jwt.headers.get('authorization')?.split('.')).toHaveLength(3);
    const combined = await headersOf({ type: 'combine', all: [{ type: 'bearer', token: 't' }, { type: 'apiKey', key: 's', in: 'header', name: 'X-Sig' }] });
    expect([combined.headers.get('authorization'), combined.headers.get('x-sig')]).toEqual(['Bearer t', 's']);
  });

  it('reads { env } secrets from the environment given, naming a missing variable but never a value', async () => {
    const request = await headersOf({ type: 'bearer', token: { env: 'TOKEN_VAR' } }, { env: { TOKEN_VAR: 'from-env' } });
    expect(request.headers.get('authorization')).toBe('Bearer from-env');
    expect(() => createAuth({ type: 'bearer', token: { env: 'MISSING_VAR' } }, { env: {} })).toThrow('bearer.token: expected the environment variable MISSING_VAR to be set');
  });

  it('selects by a value from the given values', async () => {
    const config: AuthConfig = { type: 'selective', path: 'auth.kind', options: { key: { type: 'apiKey', key: 'k', in: 'header', name: 'X-Key' }, token: { type: 'bearer', token: 't' } } };
    expect((await headersOf(config, { values: { auth: { kind: 'token' } } })).headers.get('authorization')).toBe('Bearer t');
  });

  it('reports a selective value that names no option, or missing values, as ERR_AUTH_INVALID_CONFIG (as its TSDoc says)', () => {
    const config: AuthConfig = { type: 'selective', path: 'auth.kind', options: { key: { type: 'apiKey', key: 'k', in: 'header', name: 'X-Key' } } };
    for (const values of [{ auth: { kind: 'other' } }, undefined]) {
      expect(() => createAuth(config, values === undefined ? {} : { values })).toThrow(expect.objectContaining({ code: 'ERR_AUTH_INVALID_CONFIG', message: expect.stringMatching(/^selective/) }));
    }
  });

  it('reports every problem with its path, and refuses unknown keys', () => {
    expect(problem({ type: 'bearer' })).toBe('bearer.token: expected a non-empty string or { "env": "NAME" }');
    expect(problem({ type: 'apiKey', key: 'k', in: 'cookie', name: '', extra: 1 })).toMatch(/apiKey\.in: .*apiKey\.name: expected a non-empty string.*unknown key "extra"|unknown key "extra".*apiKey\.in/s);
    expect(problem({ type: 'combine', all: [{ type: 'basic', username: 'u' }] })).toContain('combine.all[0].password');
    expect(problem({ type: 'nope' })).toContain('expected type to be one of');
    expect(problem('bearer')).toMatch(/^config/);
  });

  it('names a factory\'s refusal inside combine or selective by the member\'s path', () => {
    const refused = (config: unknown): { field: unknown; message: string } => {
      try {
        createAuth(config as AuthConfig, { env: {} });
      } catch (error) {
        expect(isAuthError(error, 'ERR_AUTH_INVALID_CONFIG')).toBe(true);
        return { field: (error as AuthError).details.field, message: (error as AuthError).message };
      }
      throw new Error('expected the config to be refused');
    };
    // Both pass the schema; the factories refuse them (a short HMAC secret, a key that is no key).
    expect(refused({ type: 'combine', all: [{ type: 'bearer', token: 't' }, { type: 'jwt', secret: 'short' }] })).toEqual({
      field: 'combine.all[1].secret', message: expect.stringMatching(/^combine\.all\[1\]\.secret: expected at least 32 bytes/),
    });
    expect(refused({ type: 'selective', path: 'kind', options: { rsa: { type: 'oauth1', consumerKey: 'k', privateKey: 'not a key' } } }).field).toBe('selective.options.rsa.privateKey');
    expect(refused({ type: 'combine', all: [{ type: 'combine', all: [{ type: 'none' }, { type: 'jwt', secret: 'short' }] }] }).field).toBe('combine.all[0].all[1].secret');
    expect(refused({ type: 'jwt', secret: 'short' }).field).toBe('jwt.secret');
  });

  it('never quotes a secret from the input in its messages', () => {
    const message = problem({ type: 'bearer', token: 'sk_live_secret_value', prefix: 42 });
    expect(message).not.toContain('sk_live_secret_value');
  });

  it('turns any input into an authenticator or ERR_AUTH_INVALID_CONFIG, never another exception', () => {
    const placement = fc.record({ in: fc.constantFrom('header', 'query', 'form', 'json', 'cookie'), name: fc.string(), prefix: fc.option(fc.string(), { nil: undefined }) }, { requiredKeys: [] });
    const config = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.record({ type: fc.constantFrom('none', 'basic', 'bearer', 'apiKey', 'jwt', 'oauth2', 'session', 'provider', 'selective', 'combine', 'awsSigV4', 'httpSignature', 'x'), region: fc.constantFrom('us-east-1', 'x y'), service: fc.constantFrom('s3', 'execute-api'), credentials: fc.record({ accessKeyId: fc.string(), secretAccessKey: fc.string() }, { requiredKeys: [] }), keyId: fc.string(), dpop: fc.oneof(fc.constant({}), fc.record({ key: fc.string() })), provider: fc.constantFrom('github', 'stripe', 'metabase', 'google', 'x'), secretKey: fc.string(), login: fc.record({ url: fc.constantFrom('https://a.example/login', 'x') }, { requiredKeys: [] }), tokenPath: fc.string(), expiresIn: fc.oneof(fc.string(), fc.integer()), grant: fc.constantFrom('client_credentials', 'refresh_token', 'password', 'jwt_bearer', 'x'), tokenUrl: fc.constantFrom('https://auth.example/token', 'http://auth.example/token', 'http://127.0.0.1:9/t', 'nope'), clientId: fc.string(), clientSecret: fc.string(), refreshToken: fc.string(), serviceAccount: fc.string(), clientAuth: fc.constantFrom('client_secret_basic', 'none', 'private_key_jwt', 'x'), username: fc.string(), password: fc.string(), token: fc.oneof(fc.string(), fc.record({ env: fc.string() })), key: fc.string(), in: fc.string(), name: fc.string(), prefix: fc.string(), secret: fc.string(), privateKey: fc.string(), algorithm: fc.string(), placement, path: fc.string(), options: fc.dictionary(fc.string(), tie('node'), { maxKeys: 2 }), all: fc.array(tie('node'), { maxLength: 2 }) }, { requiredKeys: ['type'] }),
        fc.anything(),
      ),
    })).node;
    fc.assert(
      fc.property(config, (input) => {
        try {
          expect(typeof createAuth(input as AuthConfig, { env: {}, values: {} }).authenticate).toBe('function');
        } catch (error) {
          if (!isAuthError(error)) throw error;
          expect(error.code).toBe('ERR_AUTH_INVALID_CONFIG');
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('authConfigJsonSchema', () => {
  it('describes every config type for editors', () => {
    const text = JSON.stringify(authConfigJsonSchema());
    for (const type of ['none', 'basic', 'bearer', 'apiKey', 'jwt', 'oauth2', 'session', 'provider', 'selective', 'combine', 'oauth1', 'digest', 'awsSigV4', 'httpSignature']) {
      expect(text).toContain(`"const":"${type}"`);
    }
    expect(text).toContain('"additionalProperties":false');
  });
});
