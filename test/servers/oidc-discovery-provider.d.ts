// More of oidc-provider's API, for the discovery and registration server (merges with oidc-provider.d.ts).
declare module 'oidc-provider' {
  interface KoaContext {
    readonly oidc?: { readonly body?: Record<string, unknown> };
  }
}
