// Redaction of got's errors. got 14 keeps an error's Options in plain (walkable) fields; got 15
// and 16 keep them in private class fields that only their accessors reach, yet show them in
// `util.inspect` and `toJSON()`: both are covered.
import type { Options, RequestError } from 'got';
import { crossOriginStrippedHeaders, redactError, redactText, redactUrl, secretVariants } from '../../src/entries/adapter-kit.js';
import { REDACTED } from '../../src/index.js';
import { redactRawObjects } from './got-raw-redact.js';

/**
 * Replaces every form of `secrets` in `error` (message, stack, options, cause, response, and the
 * raw request and response objects got and Node keep: see got-raw-redact.ts) with
 * `[REDACTED]`, and every header authwire or the caller may have used for a credential
 * (`Authorization`, `Proxy-Authorization`, `Cookie`, `credentialHeaders`) entirely. `hide`
 * names raw objects to take out of `util.inspect` and `JSON.stringify` output.
 */
export function redactGotError(error: RequestError, secrets: Iterable<string>, credentialHeaders: Iterable<string>, hide: readonly string[]): void {
  const list = [...secrets];
  const secretHeaders = new Set([...crossOriginStrippedHeaders, ...credentialHeaders]);
  redactError(error, list, { hide });
  const options = error.options as Options | undefined;
  if (options !== undefined) redactOptions(options, list, secretHeaders);
  // Non-enumerable and read-only on the error, and not walked above: the raw request and response.
  redactRawObjects([error.request, error.response], { variants: secretVariants(list), secretHeaders });
  const response = error.response;
  if (response === undefined || list.length === 0) return;
  trySet(() => {
    response.url = redactText(response.url, list);
  });
  for (const url of [response.requestUrl, ...response.redirectUrls]) if (url instanceof URL) redactUrl(url, list);
  const body: unknown = response.body;
  if (typeof body === 'string') {
    trySet(() => {
      response.body = redactText(body, list);
    });
  } else if (typeof body === 'object' && body !== null && !ArrayBuffer.isView(body)) {
    redactError(body, list);
  }
}

function redactOptions(options: Options, secrets: readonly string[], secretHeaders: ReadonlySet<string>): void {
  const headers = options.headers;
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value === undefined) continue;
    if (secretHeaders.has(name.toLowerCase())) headers[name] = REDACTED;
    else if (typeof value === 'string' && secrets.length > 0) {
      const clean = redactText(value, secrets);
      if (clean !== value) headers[name] = clean;
    }
  }
  if (secrets.length === 0) return;
  if (options.url instanceof URL) redactUrl(options.url, secrets);
  const body = options.body;
  if (typeof body === 'string') {
    const clean = redactText(body, secrets);
    if (clean !== body) {
      trySet(() => {
        options.body = clean;
      });
    }
  }
}

function trySet(assign: () => void): void {
  try {
    assign();
  } catch {
    // A read-only or validating property: the value stays out of sight (response is not enumerable).
  }
}
