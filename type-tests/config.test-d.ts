import { expectAssignable, expectError, expectNotAssignable } from 'tsd';
import { createAuth, type AuthConfig, type Authenticator } from 'authwire';

expectAssignable<Authenticator>(createAuth({ type: 'basic', username: 'u', password: { env: 'PASSWORD' } }));
expectAssignable<AuthConfig>({ type: 'oauth2', grant: 'client_credentials', tokenUrl: 'https://a.example/token', clientId: 'c', clientSecret: { env: 'S' } });
expectAssignable<AuthConfig>({ type: 'oauth2', grant: 'password', tokenUrl: 'https://a.example/token', username: 'u', password: { env: 'P' } });
expectAssignable<AuthConfig>({ type: 'oauth2', grant: 'client_credentials', tokenUrl: 'https://a.example/token', clientId: 'c', clientSecret: 's', basicEncoding: 'plain' });
expectAssignable<AuthConfig>({ type: 'provider', provider: 'stripe', secretKey: { env: 'STRIPE_KEY' } });
expectAssignable<AuthConfig>({ type: 'session', login: { url: 'https://a.example/login', json: { user: 'u' } }, tokenPath: 'token', expiresIn: 'P14D' });

// The discriminant drives completion and errors.
expectNotAssignable<AuthConfig>({ type: 'basic', username: 'u' });
expectNotAssignable<AuthConfig>({ type: 'oauth2', grant: 'implicit', tokenUrl: 'https://a.example/token' });
expectNotAssignable<AuthConfig>({ type: 'apiKey', key: 'k', in: 'cookie', name: 'a' });
expectNotAssignable<AuthConfig>({ type: 'oauth2', grant: 'client_credentials', tokenUrl: 'https://a.example/token', clientId: 'c', clientSecret: 's', basicEncoding: 'raw' });
expectError(createAuth({ type: 'bearer' }));

// The signing strategies and DPoP as data: static credentials and key text, no functions.
expectAssignable<AuthConfig>({ type: 'awsSigV4', region: 'eu-west-1', service: 's3', credentials: { accessKeyId: { env: 'ID' }, secretAccessKey: { env: 'KEY' } }, presign: { expiresIn: 60 } });
expectAssignable<AuthConfig>({ type: 'httpSignature', keyId: 'k', key: { env: 'PEM' }, algorithm: 'ed25519', contentDigest: false, nonce: true });
expectAssignable<AuthConfig>({ type: 'oauth2', grant: 'client_credentials', tokenUrl: 'https://a.example/token', clientId: 'c', clientSecret: 's', dpop: { key: { env: 'DPOP_JWK' } } });
expectAssignable<AuthConfig>({ type: 'oauth2Interactive', clientId: 'cli', dpop: {} });
expectNotAssignable<AuthConfig>({ type: 'awsSigV4', region: 'eu-west-1', service: 's3', credentials: async () => ({ accessKeyId: 'a', secretAccessKey: 'b' }) });
expectNotAssignable<AuthConfig>({ type: 'httpSignature', keyId: 'k', key: 'pem', algorithm: 'hs2019' });
expectNotAssignable<AuthConfig>({ type: 'httpSignature', keyId: 'k', key: 'pem', algorithm: 'ed25519', nonce: () => 'n' });
expectNotAssignable<AuthConfig>({ type: 'oauth2', grant: 'client_credentials', tokenUrl: 'https://a.example/token', clientId: 'c', dpop: { algorithm: 'HS256' } });
