import { expectAssignable, expectError, expectType } from 'tsd';
import { apiKeyAuth, basicAuth, bearerAuth, combineAuth, noAuth, type Authenticator, type Placement, AuthError, type AuthErrorCode } from 'authwire';

expectType<Authenticator>(noAuth());
expectType<Authenticator>(basicAuth({ username: 'u', password: '' }));
expectType<Authenticator>(bearerAuth({ token: 't' }));
expectType<Authenticator>(bearerAuth({ getToken: async () => 't', prefix: 'JWT' }));
expectType<Authenticator>(apiKeyAuth({ key: 'k', in: 'header', name: 'X-Key', prefix: 'Token' }));
expectType<Authenticator>(apiKeyAuth({ key: 'k', in: 'json', name: 'auth.key' }));
expectType<Authenticator>(combineAuth(noAuth(), bearerAuth({ token: 't' })));

// bearerAuth needs exactly one of token and getToken.
expectError(bearerAuth({}));
expectError(bearerAuth({ token: 't', getToken: () => 't' }));
// An API key needs a name, and a known placement; a prefix only in a header.
expectError(apiKeyAuth({ key: 'k', in: 'header' }));
expectError(apiKeyAuth({ key: 'k', in: 'cookie', name: 'a' }));
expectError(apiKeyAuth({ key: 'k', in: 'query', name: 'a', prefix: 'Token' }));
// A wrong placement does not compile.
expectError<Placement>({ in: 'body', name: 'x' });
expectError<Placement>({ in: 'query' });
expectAssignable<Placement>({ in: 'header', name: 'Authorization', prefix: 'Bearer' });

declare const error: AuthError;
expectType<AuthErrorCode>(error.code);
