import { invalidConfig } from '../errors.js';

/** A non-empty string without line breaks, or a configuration error naming `field`. */
export function requiredString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '' || /[\r\n]/.test(value)) throw invalidConfig(field, 'a non-empty string without line breaks');
  return value;
}

/** Like {@link requiredString}, but `undefined` passes. */
export function optionalString(value: unknown, field: string): string | undefined {
  return value === undefined ? undefined : requiredString(value, field);
}

/** A list of non-empty strings without whitespace (scopes, resources), or a configuration error. */
export function tokenList(value: unknown, field: string): string[] {
  if (value === undefined) return [];
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list)) throw invalidConfig(field, 'an array of strings');
  return list.map((item: unknown, index) => {
    if (typeof item !== 'string' || item === '' || /\s/.test(item)) throw invalidConfig(`${field}[${index}]`, 'a non-empty string without spaces');
    return item;
  });
}

/** A record of header values, with forbidden names rejected. */
export function headerRecord(value: unknown, field: string, forbidden: readonly string[]): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidConfig(field, 'an object of header names to strings');
  const out: Record<string, string> = {};
  for (const [name, item] of Object.entries(value as Record<string, unknown>)) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw invalidConfig(`${field}.${name}`, 'a valid header name');
    if (forbidden.includes(name.toLowerCase())) throw invalidConfig(`${field}.${name}`, 'a header authwire does not set itself');
    if (typeof item !== 'string' || /[\r\n]/.test(item)) throw invalidConfig(`${field}.${name}`, 'a string without line breaks');
    out[name] = item;
  }
  return out;
}
