// The option names of oauth2Auth, grant by grant, and of the authorization-code helpers.
import type { AuthorizationCodeGrantOptions, HandleCallbackOptions } from '../oauth2/authorization-code/types.js';
import type { DeviceCodeGrantOptions, DeviceLoginOptions } from '../oauth2/device/types.js';
import type { LoopbackLoginOptions } from '../oauth2/loopback-options.js';
import type { AuthorizationServerMetadata } from '../oauth2/server-metadata.js';
import { lifecycleNames } from '../oauth2/lifecycle-options.js';
import type {
  ClientAssertionOptions, ClientCredentialsGrantOptions, JwtBearerAssertionOptions, JwtBearerGrantOptions, OAuth2Grant, PasswordGrantOptions, RefreshTokenGrantOptions,
  TokenExchangeGrantOptions,
} from '../oauth2/types.js';
import { checkOptionNames, optionNames, type OptionNames } from './option-names.js';

const common = [
  ...lifecycleNames, 'grant', 'tokenUrl', 'clientId', 'clientSecret', 'clientAuth', 'basicEncoding', 'clientAssertion', 'issuer', 'scope', 'scopeSeparator', 'scopeOnRefresh', 'audience',
  'resource', 'extraParams', 'extraHeaders', 'requestFormat', 'paramNames', 'response', 'placement', 'cacheKey', 'allowInsecureHttp', 'fetch', 'tls',
  'revocationUrl', 'dpop',
] as const;
const authorizationRequest = [
  'authorizationEndpoint', 'authorizationUrlTemplate', 'redirectUri', 'prompt', 'accessType', 'tokenAccessType', 'authorizationParams', 'state', 'nonce', 'pendingTtlMs',
  'requireIssuerInResponse', 'subject', 'profile', 'accessTokenParams', 'jwksUrl', 'pushedAuthorizationRequestEndpoint', 'requirePushedAuthorizationRequests',
  'pushedAuthorizationRequests',
] as const;
const publicClient = 'Omit the key for a public client.';
const clientSecrets = { clientSecret: publicClient } as const;

// What discoverAuthorizationServer returns is meant to be spread into these options
// (`{ ...metadata, clientId }`): its names are taken, and those a grant has no use for ignored.
const discovered = optionNames<AuthorizationServerMetadata>()([
  'issuer', 'tokenUrl', 'authorizationEndpoint', 'deviceAuthorizationUrl', 'userinfoUrl', 'registrationUrl', 'scopesSupported', 'clientIdMetadataDocumentSupported',
  'revocationUrl', 'jwksUrl', 'requireIssuerInResponse', 'dpopSigningAlgValuesSupported', 'pushedAuthorizationRequestEndpoint',
  'requirePushedAuthorizationRequests',
]);

/** `names` and the names of discovered metadata. */
function withDiscovered(names: OptionNames): OptionNames {
  return { names: new Set([...names.names, ...discovered.names]), secrets: names.secrets };
}

const byGrant: Readonly<Record<OAuth2Grant, OptionNames>> = {
  client_credentials: optionNames<ClientCredentialsGrantOptions>()(common, clientSecrets),
  refresh_token: optionNames<RefreshTokenGrantOptions>()([...common, 'refreshToken', 'accessToken', 'expiresAt', 'subject'], {
    ...clientSecrets,
    refreshToken: '',
    accessToken: 'Omit the key to start from the refresh token alone.',
  }),
  password: optionNames<PasswordGrantOptions>()([...common, 'username', 'password'], { ...clientSecrets, password: '' }),
  jwt_bearer: optionNames<JwtBearerGrantOptions>()([...common, 'serviceAccount', 'assertion', 'tokenUrlAllowList', 'scopeIn'], { ...clientSecrets, serviceAccount: '' }),
  authorization_code: optionNames<AuthorizationCodeGrantOptions>()([...common, ...authorizationRequest], clientSecrets),
  device_code: optionNames<DeviceCodeGrantOptions>()([...common, 'deviceAuthorizationUrl', 'jwksUrl', 'subject', 'profile'], clientSecrets),
  token_exchange: optionNames<TokenExchangeGrantOptions>()([...common, 'subjectToken', 'subjectTokenType', 'actorToken', 'actorTokenType', 'requestedTokenType', 'subject'], {
    ...clientSecrets,
    subjectToken: '',
    actorToken: 'Omit the key when no party acts for the subject.',
  }),
};
const callbackNames = optionNames<HandleCallbackOptions>()([...common, ...authorizationRequest, 'signal'], clientSecrets);
// The interactive logins: the grant's options and the login's own. `loopbackLogin` sets
// `redirectUri` itself; one in options shared with `authorizationUrl` is taken and ignored.
const loopbackOwnNames = optionNames<LoopbackLoginOptions>()(
  [...common, ...authorizationRequest.filter((name) => name !== 'redirectUri'), 'port', 'callbackPath', 'open', 'timeoutMs', 'signal'],
  clientSecrets,
);
const loopbackNames: OptionNames = { names: new Set([...loopbackOwnNames.names, 'redirectUri']), secrets: loopbackOwnNames.secrets };
const deviceLoginNames = optionNames<DeviceLoginOptions>()([...common, 'deviceAuthorizationUrl', 'jwksUrl', 'subject', 'profile', 'onUserCode', 'signal'], clientSecrets);
const clientAssertionNames = optionNames<ClientAssertionOptions>()(['privateKey', 'algorithm', 'keyId', 'audience', 'expiresInSeconds'], { privateKey: '' });
const assertionNames = optionNames<JwtBearerAssertionOptions>()(['privateKey', 'algorithm', 'keyId', 'issuer', 'subject', 'audience', 'expiresInSeconds', 'claims'], {
  privateKey: 'Omit the key when serviceAccount holds it.',
});

/**
 * Refuses an option `oauth2Auth` does not take for the grant given (and in `clientAssertion`
 * and `assertion`), and a secret given as `undefined`. An unknown grant is left to `oauth2Auth`.
 *
 * @example
 * ```ts
 * checkOAuth2Options({ grant: 'client_credentials', tokenUrl, scopes: ['a'] }); // throws: did you mean 'scope'?
 * ```
 */
export function checkOAuth2Options(options: unknown): void {
  if (typeof options !== 'object' || options === null) return;
  const { grant } = options as { grant?: unknown };
  if (typeof grant !== 'string' || !Object.hasOwn(byGrant, grant)) return;
  checkOptionNames(options, withDiscovered(byGrant[grant as OAuth2Grant]), 'oauth2Auth');
  checkNested(options, 'oauth2Auth');
}

/**
 * Refuses an option `authorizationUrl` and `handleCallback` do not take: those of
 * {@link HandleCallbackOptions} (the authorization-code grant's options, and `signal`).
 *
 * @example
 * ```ts
 * checkAuthorizationCodeOptions({ ...options, redirectUrl: 'https://app.example.com/cb' }, 'authorizationUrl'); // did you mean 'redirectUri'?
 * ```
 */
export function checkAuthorizationCodeOptions(options: unknown, where: string): void {
  checkOptionNames(options, withDiscovered(callbackNames), where);
  checkNested(options, where);
}

function checkNested(options: unknown, where: string): void {
  const { clientAssertion, assertion } = options as { clientAssertion?: unknown; assertion?: unknown };
  checkOptionNames(clientAssertion, clientAssertionNames, `${where}.clientAssertion`);
  checkOptionNames(assertion, assertionNames, `${where}.assertion`);
}

/**
 * Refuses an option `loopbackLogin` or `deviceLogin` does not take: the grant's options (with
 * discovered metadata) and the login's own (`port`, `open`, `onUserCode`, `signal`, ...).
 *
 * @example
 * ```ts
 * checkLoginOptions({ ...options, scopes: ['openid'] }, 'loopbackLogin'); // throws: did you mean 'scope'?
 * ```
 */
export function checkLoginOptions(options: unknown, login: 'loopbackLogin' | 'deviceLogin'): void {
  checkOptionNames(options, withDiscovered(login === 'loopbackLogin' ? loopbackNames : deviceLoginNames), login);
  if (typeof options === 'object' && options !== null) checkNested(options, login);
}
