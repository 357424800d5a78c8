// The JSON layout of a FileTokenStore file: tokens and the leases of `lock`, by key.
import { hostname } from 'node:os';
import { isAlive } from './file-lock.js';
import { isPlainObject, parseStoredToken } from './record.js';
import type { StoredToken } from './token-store.js';

/** A lease of `FileTokenStore.lock` as kept in the file. */
export interface Lease {
  readonly owner: string;
  readonly pid: number;
  readonly host: string;
  readonly expiresAt: number;
}

/** The file's contents, held in maps so keys such as `__proto__` stay plain data. */
export interface FileData {
  readonly tokens: Map<string, StoredToken>;
  readonly leases: Map<string, Lease>;
}

/** The `format` marker of a token file. */
export const FORMAT = 'authwire-token-store';

/**
 * The file's text for `data`.
 *
 * @example
 * ```ts
 * await writeFile(temp, serializeFile(emptyData()));
 * ```
 */
export function serializeFile(data: FileData): string {
  return JSON.stringify({ format: FORMAT, version: 1, tokens: Object.fromEntries(data.tokens), leases: Object.fromEntries(data.leases) });
}

/**
 * A file with no tokens and no leases.
 *
 * @example
 * ```ts
 * const data = emptyData();
 * ```
 */
export function emptyData(): FileData {
  return { tokens: new Map(), leases: new Map() };
}

/**
 * Parses the file; `undefined` when it is not a valid token file (corrupted).
 *
 * @example
 * ```ts
 * const data = parseFile(await readFile(path, 'utf8')) ?? moveAside();
 * ```
 */
export function parseFile(text: string): FileData | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isPlainObject(value) || value.format !== FORMAT || !isPlainObject(value.tokens)) return undefined;
  const data = emptyData();
  for (const [key, record] of Object.entries(value.tokens)) {
    const token = parseStoredToken(record);
    if (token === undefined) return undefined;
    data.tokens.set(key, token);
  }
  if (value.leases !== undefined) {
    if (!isPlainObject(value.leases)) return undefined;
    for (const [key, lease] of Object.entries(value.leases)) {
      if (!isLease(lease)) return undefined;
      data.leases.set(key, lease);
    }
  }
  return data;
}

function isLease(value: unknown): value is Lease {
  if (!isPlainObject(value)) return false;
  return typeof value.owner === 'string' && typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.expiresAt === 'number';
}

/**
 * A lease is held until it expires, unless its owner is a process on this host that has ended.
 *
 * @example
 * ```ts
 * if (current !== undefined && leaseHeld(current, Date.now())) return undefined;
 * ```
 */
export function leaseHeld(lease: Lease, now: number): boolean {
  if (lease.expiresAt <= now) return false;
  return lease.host !== hostname() || isAlive(lease.pid);
}
