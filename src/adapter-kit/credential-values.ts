// The values an authenticator added to a request, as the secrets to redact from an error, and
// whether it changed the body at all.
import type { AuthBody } from '../authenticator.js';
import { serializeBody } from './body.js';

/** Adds a header or parameter value to `secrets` (made when first needed), and the part after a scheme prefix (`Bearer abc` → `abc`). */
export function addSecret(secrets: string[] | undefined, value: string): string[] | undefined {
  if (value.length < 4) return secrets; // Too short to redact without mangling unrelated text.
  const list = secrets ?? [];
  if (!list.includes(value)) list.push(value);
  const space = value.indexOf(' ');
  const rest = space > 0 && value.length - space > 4 ? value.slice(space + 1) : undefined;
  if (rest !== undefined && !list.includes(rest)) list.push(rest);
  return list;
}

/** Whether two lists hold the same values in the same order. */
export function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

/** JSON and form bodies are edited in place, so compare them serialized; other bodies by identity (no copy of large uploads). */
export function bodyDiffers(before: AuthBody, after: AuthBody): boolean {
  if (before.type !== after.type) return true;
  if (after.type === 'json' || after.type === 'form') return serializeBody(before).data !== serializeBody(after).data;
  return after.type === 'bytes' && before.type === 'bytes' && after.value !== before.value;
}

/** Adds to `secrets` the form values and JSON strings that `after` holds and `before` did not. */
export function addBodySecrets(before: AuthBody, after: AuthBody, secrets: string[]): string[] {
  if (after.type === 'form') {
    const old = before.type === 'form' ? before.value : new URLSearchParams();
    for (const [name, value] of after.value) if (!old.getAll(name).includes(value)) addSecret(secrets, value);
  } else if (after.type === 'json') {
    const old = new Set<string>();
    if (before.type === 'json') collectStrings(before.value, (value) => old.add(value));
    collectStrings(after.value, (value) => {
      if (!old.has(value)) addSecret(secrets, value);
    });
  }
  return secrets;
}

function collectStrings(value: unknown, visit: (value: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, visit);
  else if (typeof value === 'object' && value !== null) for (const item of Object.values(value)) collectStrings(item, visit);
}
