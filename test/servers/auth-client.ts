// Sends a request the way an adapter does: build an AuthRequest, authenticate(), send it with
// global fetch; on a 401 ask challenge() and retry at most once.
import type { AuthContext, Authenticator, AuthRequest } from '../../src/index.js';

export interface SendResult {
  readonly status: number;
  /** The credential authenticate() recorded on the last attempt. */
  readonly credential: unknown;
  readonly attempts: number;
}

export async function send(auth: Authenticator, url: string, options: { signal?: AbortSignal } = {}): Promise<SendResult> {
  let context: AuthContext = { attempt: 0, ...(options.signal === undefined ? {} : { signal: options.signal }) };
  for (;;) {
    const request: AuthRequest = { method: 'GET', url: new URL(url), headers: new Headers(), body: { type: 'none' } };
    await auth.authenticate(request, context);
    const response = await fetch(request.url, { headers: request.headers, ...(options.signal === undefined ? {} : { signal: options.signal }) });
    await response.arrayBuffer();
    if (response.status === 401 && context.attempt === 0 && auth.challenge !== undefined) {
      if (await auth.challenge({ status: response.status, headers: response.headers }, request, context)) {
        context = { ...context, attempt: context.attempt + 1 };
        continue;
      }
    }
    return { status: response.status, credential: context.credential, attempts: context.attempt + 1 };
  }
}
