// The code of docs/strategies/jwt.md, type-checked by `npm test` (examples/tsconfig.json).
const secret = process.env.API_JWT_SECRET ?? '';
declare const rsaPem: string;

// #region jwt
import { jwtAuth } from 'authwire';

const auth = jwtAuth({
  secret: process.env.API_JWT_SECRET ?? '',   // at least 32 bytes for HS256
  iss: 'reports-service',
  sub: 'svc-reports',
  aud: 'https://api.example.com',
  claims: { scope: 'reports:read' },
  lifetimeSeconds: 300,
});
// Every request now carries:  Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9....
// #endregion jwt

// #region authenticate
const request = { method: 'GET', url: new URL('https://api.example.com/reports'), headers: new Headers(), body: { type: 'none' } } as const;
await auth.authenticate(request, { attempt: 0 });
const response = await fetch(request.url, { headers: request.headers });
// #endregion authenticate
export function signEachRequest() {
  // #region sign-each-request
  const auth = jwtAuth({ secret, signEachRequest: true });
  // #endregion sign-each-request
  return auth;
}
export function invalidConfig() {
  // #region invalid-config
  jwtAuth({ secret: 'too-short' });
  // AuthError ERR_AUTH_INVALID_CONFIG
  // jwt.secret: expected at least 32 bytes for HS256 (the hash output length, RFC 7518 §3.2); got 9

  jwtAuth({ privateKey: rsaPem, algorithm: 'ES256' });
  // jwt.privateKey: expected an EC private key on P-256 for ES256, got rsa
  // #endregion invalid-config
}

// #region base64-secret
jwtAuth({ secret: process.env.JWT_SECRET_B64 ?? '', secretEncoding: 'base64', algorithm: 'HS512' });
// #endregion base64-secret

// #region private-keys
import { readFileSync } from 'node:fs';

const rs = jwtAuth({ privateKey: readFileSync('service-key.pem', 'utf8'), algorithm: 'PS256', kid: '2024-06' });
const es = jwtAuth({ privateKey: JSON.parse(process.env.JWT_PRIVATE_JWK ?? '{}'), algorithm: 'ES256' });
const enc = jwtAuth({ privateKey: readFileSync('encrypted.pem', 'utf8'), passphrase: process.env.KEY_PASSPHRASE ?? '' });
// #endregion private-keys

// #region placement
jwtAuth({ secret, prefix: 'JWT' });                                  // Authorization: JWT eyJ...
jwtAuth({ secret, placement: { in: 'header', name: 'X-Signature' } }); // X-Signature: eyJ...
jwtAuth({ secret, placement: { in: 'query', name: 'token' } });        // ?token=eyJ...
// #endregion placement

export { response, rs, es, enc };
