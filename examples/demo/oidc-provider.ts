// The small part of oidc-provider 9 the demo uses. The package ships no types, and the demo must
// not depend on the declaration the tests keep under test/, so it is loaded through a specifier
// TypeScript does not resolve and described here once.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a grant handler sees of a token request. */
export interface OidcContext {
  readonly oidc: {
    readonly params: Readonly<Record<string, string | undefined>>;
    readonly client: { readonly clientId: string };
  };
  body: unknown;
}

/** A token or grant that oidc-provider persists; `save()` returns its value (a JWT for JWT access tokens). */
export interface OidcModel {
  save(): Promise<string>;
  readonly expiration: number;
  resourceServer?: unknown;
}

export interface OidcGrant {
  addResourceScope(resource: string, scope: string): void;
  save(): Promise<string>;
}

/** Resource-server details, as `features.resourceIndicators.getResourceServerInfo` returns them. */
export interface ResourceServerInfo {
  readonly scope: string;
  readonly audience: string;
  readonly accessTokenTTL: number;
  readonly accessTokenFormat: 'jwt';
  readonly jwt: { readonly sign: { readonly alg: string } };
}

export interface OidcProvider {
  callback(): (request: IncomingMessage, response: ServerResponse) => void;
  registerGrantType(name: string, handler: (ctx: OidcContext) => Promise<void>, params: readonly string[]): void;
  on(event: 'grant.success', listener: (ctx: OidcContext) => void): this;
  on(event: 'grant.error', listener: (ctx: OidcContext, error: Error & { readonly error?: string }) => void): this;
  on(event: 'server_error', listener: (ctx: OidcContext, error: Error) => void): this;
  readonly Grant: new (options: { accountId: string; clientId: string }) => OidcGrant;
  readonly AccessToken: new (options: Record<string, unknown>) => OidcModel;
  readonly RefreshToken: new (options: Record<string, unknown>) => OidcModel;
  readonly ResourceServer: new (identifier: string, info: ResourceServerInfo) => unknown;
}

export interface OidcProviderModule {
  readonly default: new (issuer: string, configuration: Record<string, unknown>) => OidcProvider;
  readonly errors: {
    readonly InvalidGrant: new (description?: string) => Error;
    readonly InvalidTarget: new (description?: string) => Error;
  };
}

/**
 * Two warnings oidc-provider prints that do not apply to a throwaway demo server: it asks for Node
 * 22 (authwire and its tests run it on Node 20 too) and for a database adapter in production.
 */
const expectedWarnings = ['oidc-provider WARNING: Unsupported runtime', 'oidc-provider WARNING: a quick start development-only in-memory adapter'];

/** Runs `create` without the expected warnings; any other warning is printed. */
export async function withoutExpectedWarnings<T>(create: () => T | Promise<T>): Promise<T> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && expectedWarnings.some((prefix) => String(args[0]).includes(prefix))) return;
    warn(...args);
  };
  try {
    return await create();
  } finally {
    console.warn = warn;
  }
}

/** Imports oidc-provider with the types above. */
export async function loadOidcProvider(): Promise<OidcProviderModule> {
  const specifier: string = 'oidc-provider';
  const loaded: unknown = await withoutExpectedWarnings(() => import(specifier));
  return loaded as OidcProviderModule;
}
