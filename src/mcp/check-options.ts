// What mcpAuthProvider is given, checked when it is created: names, types and URLs, each refusal
// naming the field and what was expected, never a value.
import { invalidConfig } from '../errors.js';
import { checkEndpointUrl } from '../oauth2/endpoint-url.js';
import { lifecycleNames } from '../oauth2/lifecycle-options.js';
import { checkOptionNames, optionNames } from '../validate/option-names.js';
import { optionalString, requiredString, tokenList } from '../validate/values.js';
import type { McpAuthProviderOptions, McpLoopbackLogin, McpRedirectLogin } from './options.js';

const names = optionNames<McpAuthProviderOptions>()(
  [
    ...lifecycleNames, 'serverUrl', 'issuer', 'authorizationEndpoint', 'tokenUrl', 'clientId', 'clientSecret', 'clientAuth', 'scope', 'resource', 'login',
    'fetch', 'allowInsecureHttp', 'registration', 'clientIdMetadataDocument', 'authorizationServers', 'dpop',
  ],
  { clientSecret: 'Omit the key for a public client.' },
);
const loopbackNames = optionNames<McpLoopbackLogin>()(['open', 'port', 'callbackPath', 'timeoutMs']);
const redirectNames = optionNames<McpRedirectLogin>()(['redirectUri', 'redirect']);

/** The checked options: the server URL parsed and the resource indicator settled. */
export interface CheckedMcpOptions {
  readonly serverUrl: URL;
  /** No `issuer` or `tokenUrl`: the authorization server is discovered from the server's 401. */
  readonly discover: boolean;
  readonly resource: string;
  readonly scope: readonly string[];
  readonly login: McpLoopbackLogin | McpRedirectLogin | false;
}

/**
 * Refuses unknown names and wrong types; returns the parsed server URL and the resource
 * indicator (the server URL itself unless `resource` is given).
 */
export function checkMcpOptions(options: McpAuthProviderOptions): CheckedMcpOptions {
  if (typeof options !== 'object' || options === null) throw invalidConfig('options', 'an options object');
  checkOptionNames(options, names, 'mcpAuthProvider');
  const insecure = options.allowInsecureHttp === true;
  const serverUrl = checkEndpointUrl(options.serverUrl, 'serverUrl', insecure);
  optionalString(options.issuer, 'issuer');
  const discover = options.issuer === undefined && options.tokenUrl === undefined;
  if (discover) {
    optionalString(options.clientId, 'clientId');
    if (options.clientAuth !== undefined) throw invalidConfig('clientAuth', 'no clientAuth when discovering (a registered client uses its registration\'s method), or an issuer');
    if (options.resource !== undefined) throw invalidConfig('resource', 'no resource when discovering (the server\'s metadata names it), or an issuer');
    if (options.registration !== undefined && (typeof options.registration !== 'object' || options.registration === null || Array.isArray(options.registration))) {
      throw invalidConfig('registration', 'a client metadata object (RFC 7591 §2)');
    }
    if (options.clientIdMetadataDocument !== undefined) checkEndpointUrl(options.clientIdMetadataDocument, 'clientIdMetadataDocument', false);
    if (options.authorizationServers !== undefined && (!Array.isArray(options.authorizationServers) || options.authorizationServers.some((item) => typeof item !== 'string'))) {
      throw invalidConfig('authorizationServers', 'an array of issuer URLs');
    }
  } else {
    requiredString(options.clientId, 'clientId');
    for (const name of ['registration', 'clientIdMetadataDocument', 'authorizationServers'] as const) {
      if (options[name] !== undefined) throw invalidConfig(name, 'only when discovering (no issuer, no tokenUrl)');
    }
  }
  if (options.issuer !== undefined) checkEndpointUrl(options.issuer, 'issuer', insecure);
  if (options.tokenUrl !== undefined) checkEndpointUrl(options.tokenUrl, 'tokenUrl', insecure);
  if (options.authorizationEndpoint !== undefined) checkEndpointUrl(options.authorizationEndpoint, 'authorizationEndpoint', insecure);
  if (options.fetch !== undefined && typeof options.fetch !== 'function') throw invalidConfig('fetch', 'a function with the signature of fetch');
  const resource = optionalString(options.resource, 'resource') ?? serverUrl.href;
  if (!URL.canParse(resource) || new URL(resource).hash !== '') throw invalidConfig('resource', 'an absolute URI without a fragment (RFC 8707)');
  return { serverUrl, discover, resource, scope: tokenList(options.scope, 'scope'), login: checkLogin(options.login) };
}

function checkLogin(login: unknown): McpLoopbackLogin | McpRedirectLogin | false {
  if (login === undefined) return {};
  if (login === false) return false;
  if (typeof login !== 'object' || login === null) throw invalidConfig('login', 'false, { open?, port?, timeoutMs? } (loopback) or { redirectUri, redirect }');
  if ('redirectUri' in login || 'redirect' in login) {
    checkOptionNames(login, redirectNames, 'mcpAuthProvider.login');
    const redirect = login as McpRedirectLogin;
    if (typeof redirect.redirect !== 'function') throw invalidConfig('login.redirect', 'a function (url, pending) => void that sends the browser to url');
    if (typeof redirect.redirectUri !== 'string' && !(redirect.redirectUri instanceof URL)) throw invalidConfig('login.redirectUri', 'the redirect URI registered for this client');
    return redirect;
  }
  checkOptionNames(login, loopbackNames, 'mcpAuthProvider.login');
  const loopback = login as McpLoopbackLogin;
  if (loopback.open !== undefined && typeof loopback.open !== 'function') throw invalidConfig('login.open', 'a function (url) => void');
  return loopback;
}
