// RFC 9421 §2: the values of covered components, the `@signature-params` line, and the
// signature base built from them.
import type { AuthRequest } from '../../authenticator.js';
import { AuthError, invalidConfig } from '../../errors.js';

/** The derived components authwire computes (RFC 9421 §2.2), for checks and the config schema. */
export const derivedComponents: readonly string[] = ['@method', '@target-uri', '@authority', '@scheme', '@path', '@query', '@request-target'];
const derived = new Set(derivedComponents);

/** Checks a component list: derived names, or lower-case header names, each once. */
export function checkComponents(components: unknown, field: string): readonly string[] {
  if (!Array.isArray(components)) throw invalidConfig(field, 'an array of component names such as @method, @target-uri, content-digest');
  const seen = new Set<string>();
  for (const [index, name] of components.entries()) {
    const ok = typeof name === 'string' && (derived.has(name) || /^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(name));
    if (!ok) throw invalidConfig(`${field}[${index}]`, `one of ${[...derived].join(', ')} or a lower-case header name`);
    if (seen.has(name)) throw invalidConfig(`${field}[${index}]`, `each component once (${name} is listed twice)`);
    seen.add(name);
  }
  return components as string[];
}

/** The value of one covered component of `request`. */
export function componentValue(request: AuthRequest, name: string, field: string): string {
  const { url } = request;
  switch (name) {
    case '@method':
      return request.method;
    case '@target-uri':
      return url.hash === '' ? url.href : url.href.slice(0, url.href.length - url.hash.length);
    case '@authority':
      return url.host;
    case '@scheme':
      return url.protocol.slice(0, -1);
    case '@path':
      return url.pathname === '' ? '/' : url.pathname;
    case '@query':
      return url.search === '' ? '?' : url.search;
    case '@request-target':
      return `${url.pathname === '' ? '/' : url.pathname}${url.search}`;
    default: {
      const value = request.headers.get(name);
      if (value === null) {
        throw new AuthError('ERR_AUTH_INVALID_CONFIG', `${field}: the request has no ${name} header, which the signature covers; set it on the request, or leave it out of components`, {
          details: { field },
        });
      }
      return value.trim();
    }
  }
}

/** The signature parameters in the order they are serialized. */
export interface SignatureParams {
  readonly created?: number | undefined;
  readonly expires?: number | undefined;
  readonly keyid: string;
  readonly alg?: string | undefined;
  readonly nonce?: string | undefined;
  readonly tag?: string | undefined;
}

/** The `@signature-params` value: the inner list of component names and the parameters (RFC 8941). */
export function signatureParams(components: readonly string[], params: SignatureParams): string {
  let out = innerLists.get(components);
  if (out === undefined) {
    out = `(${components.map((name) => `"${name}"`).join(' ')})`;
    innerLists.set(components, out);
  }
  if (params.created !== undefined) out += `;created=${params.created}`;
  if (params.expires !== undefined) out += `;expires=${params.expires}`;
  out += `;keyid=${sfString(params.keyid)}`;
  if (params.alg !== undefined) out += `;alg=${sfString(params.alg)}`;
  if (params.nonce !== undefined) out += `;nonce=${sfString(params.nonce)}`;
  if (params.tag !== undefined) out += `;tag=${sfString(params.tag)}`;
  return out;
}

// A signer passes the same few component lists for every request: each one's text is kept.
const innerLists = new WeakMap<readonly string[], string>();

/** The signature base: one line per component, then the `@signature-params` line. */
export function signatureBase(components: readonly string[], values: readonly string[], params: string): string {
  let base = '';
  for (let index = 0; index < components.length; index++) base += `"${components[index]}": ${values[index]}\n`;
  return `${base}"@signature-params": ${params}`;
}

/** Whether `value` can be a structured-field string (printable ASCII). */
export function isSfString(value: unknown): value is string {
  return typeof value === 'string' && /^[\x20-\x7e]*$/.test(value);
}

function sfString(value: string): string {
  if (!/[\\"]/.test(value)) return `"${value}"`;
  return `"${value.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}
