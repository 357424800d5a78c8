import { isAuthError } from '../errors.js';

/** The page the browser sees at the end of a loopback login. */
export interface LoopbackPage {
  readonly status: number;
  readonly html: string;
}

/** Headers of every loopback answer: no caching, no referrer (the URL held a code), nothing loaded from elsewhere. */
export const LOOPBACK_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  pragma: 'no-cache',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  connection: 'close',
};

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (char) => `&#${char.charCodeAt(0)};`);
}

function page(outcome: 'success' | 'failure', title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}h1{font-size:1.4rem}</style></head>
<body><main id="authwire-result" data-outcome="${outcome}"><h1>${escapeHtml(title)}</h1>${body}</main></body></html>
`;
}

/** The page after a successful sign-in. It holds no token. */
export function successPage(): LoopbackPage {
  return { status: 200, html: page('success', 'Signed in', '<p>You are signed in. You can close this window and return to the application.</p>') };
}

/** The page after a failed sign-in: the error's message (secret-free by contract), escaped. */
export function failurePage(error: unknown): LoopbackPage {
  const message = isAuthError(error) ? error.message : 'an unexpected error occurred';
  const code = isAuthError(error) ? `<p><code>${escapeHtml(error.code)}</code></p>` : '';
  return { status: 400, html: page('failure', 'Sign-in failed', `<p>${escapeHtml(message)}</p>${code}<p>Return to the application and try again.</p>`) };
}

/** A small page for requests that are not the callback. */
export function otherPage(status: number, text: string): LoopbackPage {
  return { status, html: page('failure', text, '') };
}
