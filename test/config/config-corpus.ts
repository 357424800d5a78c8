// Valid configs of every member (every provider preset, the oauth2 grants and client
// authentications), with the environment their { env } references read. The agreement test
// mutates them.
import { generateKeyPairSync } from 'node:crypto';
import type { AuthConfig } from '../../src/index.js';

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const rsaPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const ed25519 = generateKeyPairSync('ed25519').privateKey;
const edPem = ed25519.export({ format: 'pem', type: 'pkcs8' }).toString();
const edJwk = JSON.stringify(ed25519.export({ format: 'jwk' }));
const dpopJwk = JSON.stringify({ ...privateKey.export({ format: 'jwk' }), alg: 'ES256' });
const serviceAccount = JSON.stringify({ type: 'service_account', client_email: 'robot@project.iam.gserviceaccount.com', private_key: pem, token_uri: 'https://oauth2.googleapis.com/token' });

/** What `{ "env": ... }` references in the corpus read. */
export const corpusEnv: Readonly<Record<string, string>> = {
  SECRET: 's3cr3t', PEM: pem, SERVICE_ACCOUNT: serviceAccount, STRIPE_KEY: 'sk_test_123', RSA_PEM: rsaPem, ED_PEM: edPem, ED_JWK: edJwk, DPOP_JWK: dpopJwk,
};

const tokenUrl = 'https://auth.example.com/oauth/token';
const hmac = 'x'.repeat(64);

export const validConfigs: readonly AuthConfig[] = [
  { type: 'oauth1', consumerKey: 'ck', consumerSecret: { env: 'SECRET' }, token: 'at', tokenSecret: 'ts', signatureMethod: 'HMAC-SHA256', placement: 'query', realm: 'Photos', bodyHash: false },
  { type: 'oauth1', consumerKey: 'ck', consumerSecret: 's', signatureMethod: 'PLAINTEXT' },
  { type: 'oauth1', consumerKey: { env: 'SECRET' }, privateKey: { env: 'RSA_PEM' }, token: 'at', signatureMethod: 'RSA-SHA1', placement: 'form' },
  { type: 'digest', username: 'admin', password: { env: 'SECRET' }, qop: 'auth-int' },
  { type: 'digest', username: { env: 'SECRET' }, password: '' },
  {
    type: 'awsSigV4', region: 'eu-west-1', service: 'execute-api', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: { env: 'SECRET' }, sessionToken: 'session-token' },
    presign: { expiresIn: 60 }, contentSha256Header: false, signedHeaders: ['X-Trace'],
  },
  { type: 'awsSigV4', region: 'us-east-1', service: 's3', credentials: { accessKeyId: { env: 'SECRET' }, secretAccessKey: 's' }, unsignedPayload: true, presign: false, contentSha256Header: true },
  {
    type: 'httpSignature', keyId: 'client-1', key: { env: 'ED_PEM' }, algorithm: 'ed25519', components: ['@method', '@target-uri', 'content-type'], label: 'sig2', created: false,
    expiresIn: 300, nonce: true, tag: 'app', includeAlg: true, contentDigest: false,
  },
  { type: 'httpSignature', keyId: 'client-2', key: { env: 'PEM' }, algorithm: 'ecdsa-p256-sha256', components: ['@method', 'content-digest'], contentDigest: 'sha-512' },
  { type: 'httpSignature', keyId: 'client-3', key: { env: 'ED_JWK' }, algorithm: 'ed25519' },
  { type: 'httpSignature', keyId: 'client-5', key: { file: 'test/strategies/fixtures/rfc9421/test-key-ed25519.pem' }, algorithm: 'ed25519' },
  { type: 'httpSignature', keyId: 'client-4', key: 'a shared secret', algorithm: 'hmac-sha256', nonce: false },
  { type: 'oauth2', grant: 'client_credentials', tokenUrl, clientId: 'app', clientSecret: { env: 'SECRET' }, dpop: {} },
  { type: 'oauth2', grant: 'refresh_token', tokenUrl, clientId: 'app', refreshToken: 'r', dpop: { key: { env: 'DPOP_JWK' }, algorithm: 'ES256' } },
  { type: 'oauth2Interactive', clientId: 'my-cli', dpop: { algorithm: 'EdDSA' } },
  { type: 'oauth2Interactive', clientId: 'my-cli', dpop: { key: { env: 'DPOP_JWK' } } },
  { type: 'none' },
  { type: 'basic', username: 'api', password: { env: 'SECRET' } },
  { type: 'basic', username: { env: 'SECRET' }, password: '' },
  { type: 'bearer', token: { env: 'SECRET' }, prefix: 'Token' },
  { type: 'bearer', token: 't', placement: { in: 'query', name: 'access_token' } },
  { type: 'apiKey', key: { env: 'SECRET' }, in: 'header', name: 'X-API-Key', prefix: 'Key' },
  { type: 'apiKey', key: 'k', in: 'json', name: 'auth.key' },
  {
    type: 'jwt', secret: hmac, algorithm: 'HS512', secretEncoding: 'utf8', kid: 'k1', typ: 'JWT', cty: 'x', header: { x5t: 'abc' }, iss: 'me', sub: 'svc',
    aud: ['https://api.example.com'], claims: { scope: 'read', n: 1, nested: { ok: true } }, lifetimeSeconds: 600, refreshMarginSeconds: 30, signEachRequest: false,
    jti: true, notBefore: true, prefix: '',
  },
  { type: 'jwt', privateKey: { env: 'PEM' }, algorithm: 'ES256', aud: 'https://api.example.com', placement: { in: 'header', name: 'X-Signature', prefix: 'JWT' } },
  {
    type: 'oauth2', grant: 'client_credentials', tokenUrl, clientId: 'app', clientSecret: { env: 'SECRET' }, clientAuth: 'client_secret_post', scope: ['read', 'write'],
    scopeSeparator: ' ', audience: 'https://api.example.com', resource: ['https://api.example.com/'], extraParams: { tenant: 't1' }, extraHeaders: { 'X-Trace': '1' },
    requestFormat: 'form', paramNames: { client_id: 'appId' }, response: { accessToken: 'data.token', expiresIn: 'data.ttl', expiresAtFormat: { pattern: 'yyyy' } },
    placement: { in: 'header', name: 'Authorization', prefix: 'Bearer' }, cacheKey: 'k', refreshWindowMs: 120_000, forcedRefreshWindowMs: 10, requestTimeoutMs: 5000,
    waitTimeoutMs: 5000, backoff: { maxAttempts: 3, initialDelayMs: 10, maxDelayMs: 100, cooldownMs: 0 }, lock: { leaseMs: 100, waitMs: 100 }, defaultExpiresInMs: 1000,
    refreshAhead: true,
  },
  { type: 'oauth2', grant: 'client_credentials', tokenUrl: 'http://127.0.0.1:9/token', clientId: 'app', clientAuth: 'private_key_jwt', clientAssertion: { privateKey: { env: 'PEM' }, algorithm: 'ES256', keyId: 'k', expiresInSeconds: 60 } },
  { type: 'oauth2', grant: 'client_credentials', tokenUrl: 'http://auth.internal/token', allowInsecureHttp: true, clientId: 'app', clientSecret: hmac, clientAuth: 'client_secret_jwt' },
  { type: 'oauth2', grant: 'refresh_token', tokenUrl, clientId: 'app', refreshToken: { env: 'SECRET' }, accessToken: 'at', expiresAt: '2030-01-01T00:00:00Z', subject: 'user-1', scopeOnRefresh: true },
  { type: 'oauth2', grant: 'refresh_token', tokenUrl, clientId: 'app', refreshToken: { env: 'SECRET' }, requestTimeoutMs: 5_000, refreshReuseGraceMs: 60_000 },
  { type: 'oauth2', grant: 'password', tokenUrl, clientId: 'app', clientSecret: 's', username: 'alice', password: { env: 'SECRET' } },
  { type: 'oauth2Interactive', clientId: 'my-cli', scope: ['files:read'], resource: 'https://files.example.com/', authorizationServers: ['https://auth.example.com'], loginTimeoutMs: 60_000, pushedAuthorizationRequests: true, refreshWindowMs: 1000 },
  { type: 'oauth2Interactive', registration: { client_name: 'my cli', redirect_uris: ['http://127.0.0.1/callback'] }, clientIdMetadataDocument: 'https://app.example.com/client.json' },
  { type: 'oauth2Interactive', clientId: 'web', clientSecret: { env: 'SECRET' }, allowInsecureHttp: true },
  // A public client without a client id, where the grant allows it (client authentication none, given or inferred).
  { type: 'oauth2', grant: 'password', tokenUrl, username: 'alice', password: { env: 'SECRET' } },
  { type: 'oauth2', grant: 'refresh_token', tokenUrl, clientAuth: 'none', refreshToken: { env: 'SECRET' } },
  { type: 'oauth2', grant: 'jwt_bearer', tokenUrl, clientAuth: 'none', assertion: { privateKey: { env: 'PEM' }, issuer: 'svc' } },
  // Basic client credentials sent plainly, and form-encoded as RFC 6749 has it (the default, spelt out).
  { type: 'oauth2', grant: 'client_credentials', tokenUrl, clientId: 'app', clientSecret: { env: 'SECRET' }, basicEncoding: 'plain' },
  { type: 'oauth2', grant: 'password', tokenUrl, clientId: 'tenant:app', clientSecret: 's', clientAuth: 'client_secret_basic', basicEncoding: 'form', username: 'a', password: 'p' },
  { type: 'oauth2', grant: 'jwt_bearer', serviceAccount: { env: 'SERVICE_ACCOUNT' }, scope: ['https://www.googleapis.com/auth/cloud-platform'], scopeIn: 'body' },
  { type: 'oauth2', grant: 'jwt_bearer', tokenUrl, assertion: { privateKey: { env: 'PEM' }, algorithm: 'ES256', issuer: 'svc', subject: 'u', audience: 'aud', expiresInSeconds: 300, claims: { x: 1 } } },
  { type: 'oauth2', grant: 'authorization_code', tokenUrl, clientId: 'app', subject: 'user-1' },
  { type: 'oauth2', grant: 'device_code', tokenUrl, clientId: 'app', clientAuth: 'none' },
  {
    type: 'oauth2', grant: 'token_exchange', tokenUrl, clientId: 'app', clientSecret: { env: 'SECRET' }, subjectToken: { env: 'SECRET' },
    subjectTokenType: 'urn:ietf:params:oauth:token-type:jwt', actorToken: 'actor', actorTokenType: 'urn:ietf:params:oauth:token-type:access_token',
    requestedTokenType: 'urn:ietf:params:oauth:token-type:access_token', audience: 'https://backend.example.com', subject: 'user-1',
  },
  { type: 'oauth2', grant: 'token_exchange', tokenUrl, clientId: 'app', clientSecret: 's', subjectToken: 'subject', revocationUrl: 'https://auth.example.com/oauth/revoke' },
  { type: 'oauth2', grant: 'refresh_token', tokenUrl: 'http://127.0.0.1:9/token', clientId: 'app', refreshToken: 'r', revocationUrl: 'http://127.0.0.1:9/revoke' },
  {
    type: 'session', login: { url: 'https://api.example.com/login', method: 'POST', query: { a: 'b' }, headers: { 'X-Client': { env: 'SECRET' } }, json: { user: 'u', password: { env: 'SECRET' } }, auth: { type: 'basic', username: 'u', password: 'p' } },
    tokenPath: 'data.token', tokenPrefix: 'Bearer', expiresIn: 'P14D', expiresInPath: 'ttl', inject: { in: 'cookie', name: 'sid' }, cacheKey: 'c', name: 'n', refreshWindowMs: 120_000,
  },
  { type: 'session', login: { url: 'http://127.0.0.1:9/login', form: { user: 'u' } }, tokenHeader: 'X-Token', expiresIn: 3_600_000, expiresAtPath: 'exp', expiresAtFormat: 'epoch-seconds' },
  { type: 'session', login: { url: 'http://login.internal/login' }, allowInsecureHttp: true, tokenCookie: 'sid', expiresIn: 'none' },
  { type: 'provider', provider: 'github', token: { env: 'SECRET' }, apiVersion: '2022-11-28' },
  { type: 'provider', provider: 'github', clientId: 'Iv1.abc', clientSecret: 's', refreshToken: 'r', serverUrl: 'https://github.example.com' },
  { type: 'provider', provider: 'salesforce', clientId: 'c', refreshToken: 'r', loginUrl: 'https://login.salesforce.com' },
  { type: 'provider', provider: 'salesforce', grant: 'client_credentials', clientId: 'c', clientSecret: 's', tokenUrl: 'https://acme.my.salesforce.com/services/oauth2/token' },
  // createAuth reads { env } for any option; the preset types allow it only for string-only options.
  { type: 'provider', provider: 'salesforce', grant: 'jwt_bearer', clientId: 'c', username: 'u@example.com', privateKey: { env: 'PEM' } } as unknown as AuthConfig,
  { type: 'provider', provider: 'spotify', clientId: 'c', clientSecret: 's', refreshToken: 'r' },
  { type: 'provider', provider: 'spotify', grant: 'client_credentials', clientId: 'c', clientSecret: 's' },
  { type: 'provider', provider: 'stripe', secretKey: { env: 'STRIPE_KEY' }, scheme: 'bearer', account: 'acct_1', apiVersion: '2024-06-20', baseUrl: 'https://api.stripe.com' },
  { type: 'provider', provider: 'box', clientId: 'c', clientSecret: 's', subjectType: 'enterprise', subjectId: '123' },
  { type: 'provider', provider: 'box', clientId: 'c', clientSecret: 's', refreshToken: 'r' },
  { type: 'provider', provider: 'contentful', token: 't', api: 'delivery' },
  { type: 'provider', provider: 'google', serviceAccount: { env: 'SERVICE_ACCOUNT' }, scope: ['https://www.googleapis.com/auth/drive'], subject: 'u@example.com' } as unknown as AuthConfig,
  { type: 'provider', provider: 'google', clientId: 'c', clientSecret: 's', refreshToken: 'r' },
  { type: 'provider', provider: 'microsoft', tenant: 'contoso.onmicrosoft.com', clientId: 'c', clientSecret: 's', scope: ['https://graph.microsoft.com/.default'] },
  { type: 'provider', provider: 'slack', token: 'xoxb-1' },
  { type: 'provider', provider: 'slack', clientId: 'c', clientSecret: 's', refreshToken: 'r' },
  { type: 'provider', provider: 'square', accessToken: 'a', environment: 'sandbox', squareVersion: '2024-01-18' },
  { type: 'provider', provider: 'square', clientId: 'c', clientSecret: 's', refreshToken: 'r' },
  { type: 'provider', provider: 'smartsheet', token: 't', region: 'eu' },
  { type: 'provider', provider: 'smartsheet', clientId: 'c', clientSecret: 's', refreshToken: 'r' },
  { type: 'provider', provider: 'baserow', databaseToken: 'd' },
  { type: 'provider', provider: 'baserow', email: 'a@example.com', password: 'p', baseUrl: 'https://baserow.example.com' },
  { type: 'provider', provider: 'metabase', baseUrl: 'https://metabase.example.com', username: 'u', password: { env: 'SECRET' }, expiresIn: 'P14D' },
  { type: 'selective', path: 'auth.kind', options: { key: { type: 'apiKey', key: 'k', in: 'query', name: 'k' }, none: { type: 'none' } } },
  { type: 'combine', all: [{ type: 'bearer', token: 't' }, { type: 'jwt', secret: hmac, placement: { in: 'header', name: 'X-Sig' } }] },
];
