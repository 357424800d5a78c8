// More of oidc-provider's API, for the interactive-login server (merges with oidc-provider.d.ts).
declare module 'oidc-provider' {
  interface KoaContext {
    readonly path: string;
    readonly method: string;
    status: number;
    body: unknown;
    /** A request header's value ('' when absent). */
    get(name: string): string;
  }

  interface Provider {
    use(middleware: (ctx: KoaContext, next: () => Promise<void>) => Promise<void>): this;
  }
}
