// The small part of oidc-provider's API the tests use (the package ships no types).
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  interface OidcContext {
    readonly oidc: {
      readonly params: Readonly<Record<string, string | undefined>>;
      readonly client: { readonly clientId: string };
    };
    body: unknown;
  }

  interface Model {
    save(): Promise<string>;
    readonly expiration: number;
    readonly scope?: string;
    readonly isExpired?: boolean;
    readonly consumed?: unknown;
    readonly clientId?: string;
    /** The JWK thumbprint of a DPoP-bound token. */
    readonly jkt?: string;
    readonly accountId?: string;
    destroy(): Promise<void>;
  }

  interface ModelClass<Options> {
    new (options: Options): Model;
    find(value: string, options?: { ignoreExpiration?: boolean }): Promise<Model | undefined>;
  }

  interface GrantModel {
    addOIDCScope(scope: string): void;
    save(): Promise<string>;
  }

  export class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    readonly issuer: string;
    callback(): (request: IncomingMessage, response: ServerResponse) => void;
    registerGrantType(name: string, handler: (ctx: OidcContext) => Promise<void>, params?: readonly string[]): void;
    on(event: string, listener: (...args: unknown[]) => void): this;
    readonly Grant: new (options: { accountId: string; clientId: string }) => GrantModel;
    readonly AccessToken: ModelClass<Record<string, unknown>>;
    readonly RefreshToken: ModelClass<Record<string, unknown>>;
    readonly ClientCredentials: ModelClass<Record<string, unknown>>;
  }

  export const errors: {
    readonly InvalidGrant: new (description?: string) => Error;
    readonly InvalidRequest: new (description?: string) => Error;
  };

  export default Provider;
}
