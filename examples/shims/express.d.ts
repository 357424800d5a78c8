// express and express-session are not dependencies of authwire. The web-login example
// (examples/oauth2/web-login.ts, shown in docs/oauth2/authorization-code.md) uses a handful of
// their types; these declarations copy those from @types/express 5 and @types/express-session 1,
// so that the authwire calls in it are type-checked for real.
declare module 'express' {
  import type { IncomingMessage, Server, ServerResponse } from 'node:http';
  import type { Session, SessionData } from 'express-session';

  interface Request extends IncomingMessage {
    url: string;
    session: Session & Partial<SessionData>;
  }
  interface Response extends ServerResponse {
    status(code: number): this;
    send(body?: unknown): this;
    redirect(url: string): void;
  }
  type NextFunction = (error?: unknown) => void;
  type RequestHandler = (request: Request, response: Response, next: NextFunction) => void | Promise<void>;
  interface Express {
    use(...handlers: RequestHandler[]): this;
    get(path: string, ...handlers: RequestHandler[]): this;
    listen(port: number, callback?: () => void): Server;
  }
  function express(): Express;
  export default express;
  export type { Express, NextFunction, Request, RequestHandler, Response };
}

declare module 'express-session' {
  import type { RequestHandler } from 'express';

  /** Augment it (`declare module 'express-session' { interface SessionData { ... } }`) with what you keep. */
  interface SessionData {
    cookie: { maxAge?: number };
  }
  interface Session {
    id: string;
    regenerate(callback: (error: unknown) => void): this;
    destroy(callback: (error: unknown) => void): this;
    save(callback?: (error: unknown) => void): this;
  }
  interface SessionOptions {
    secret: string | string[];
    resave?: boolean;
    saveUninitialized?: boolean;
    cookie?: { secure?: boolean; httpOnly?: boolean; sameSite?: boolean | 'lax' | 'strict' | 'none'; maxAge?: number };
  }
  function session(options?: SessionOptions): RequestHandler;
  export default session;
  export type { Session, SessionData, SessionOptions };
}
