// The short mutex that guards each read-modify-write of a FileTokenStore file.
//
// Why not proper-lockfile: it keeps a lock alive by touching its mtime on a timer and treats
// an old mtime as stale, and its unlock removes the lock without checking who holds it. A
// holder that stalled past the stale time would then remove the lock of the process that took
// it over. Here the lock file names its owner (pid, host, random nonce); it is stale only when
// that owner is a dead process on this host (or, for another host or unreadable content, when
// it is older than `staleMs`); a takeover is itself serialized by a second lock file and
// re-checks the nonce before removing; and release removes the lock only while the nonce is
// still ours. The per-key leases of `FileTokenStore.lock` live inside the JSON file, written
// under this mutex, so they need no lock files of their own.
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, readdir, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AuthError } from '../errors.js';

/** Options of {@link acquireFileLock}. */
export interface FileLockOptions {
  /** Give up (with `ERR_AUTH_STORE`) after waiting this long. */
  readonly timeoutMs: number;
  /** A lock whose owner cannot be checked is stale after this long. */
  readonly staleMs: number;
}

/** A held file lock. */
export interface HeldFileLock {
  /** Removes the lock file if it is still ours. */
  release(): Promise<void>;
}

/** What a lock file says about its owner. */
interface LockOwner {
  readonly pid: number;
  /** The worker thread (0: the main thread): threads of one process share its pid. */
  readonly thread: number;
  readonly host: string;
  readonly nonce: string;
}

/** One look at the lock file: its owner (if readable) and identity, to compare before a takeover. */
interface LockSighting {
  readonly owner: LockOwner | undefined;
  readonly ino: number;
  readonly mtimeMs: number;
}

const tails = new Map<string, Promise<void>>();

/**
 * Runs `task` while holding the lock file `lockPath`: first in this process (one at a time per
 * path), then across processes.
 *
 * @example
 * ```ts
 * await withFileLock('/tmp/tokens.json.lock', { timeoutMs: 10_000, staleMs: 30_000 }, async () => {
 *   // read, change and rename the file
 * });
 * ```
 */
export async function withFileLock<T>(lockPath: string, options: FileLockOptions, task: () => Promise<T>): Promise<T> {
  const previous = tails.get(lockPath) ?? Promise.resolve();
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const tail = previous.then(() => gate);
  tails.set(lockPath, tail);
  await previous;
  try {
    const held = await acquireFileLock(lockPath, options);
    try {
      return await task();
    } finally {
      await held.release();
    }
  } finally {
    open();
    if (tails.get(lockPath) === tail) tails.delete(lockPath);
  }
}

/**
 * Takes the lock file at `lockPath`, waiting with jittered backoff; takes over a stale one.
 * Call through {@link withFileLock}, which also serializes callers inside this process.
 *
 * @example
 * ```ts
 * const held = await acquireFileLock(path + '.lock', { timeoutMs: 10_000, staleMs: 30_000 });
 * try { await work(); } finally { await held.release(); }
 * ```
 */
export async function acquireFileLock(lockPath: string, options: FileLockOptions): Promise<HeldFileLock> {
  const owner: LockOwner = { pid: process.pid, thread: threadId(), host: hostname(), nonce: randomBytes(16).toString('hex') };
  const deadline = Date.now() + options.timeoutMs;
  for (let attempt = 0; ; attempt++) {
    if (await tryCreate(lockPath, owner)) return { release: () => releaseIfOurs(lockPath, owner.nonce) };
    const sighting = await look(lockPath);
    if (sighting !== undefined && isStale(sighting, options.staleMs)) {
      await takeOver(lockPath, sighting, options.staleMs);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new AuthError('ERR_AUTH_STORE', `timed out after ${options.timeoutMs} ms waiting for the lock file ${lockPath}`, { details: { path: lockPath } });
    }
    if (sighting !== undefined) await sleep(Math.min(50, 2 + attempt * 3) * (0.5 + Math.random()));
  }
}

/**
 * Removes temp files (`<file>.<pid>.<hex>.tmp`, `<file>.lock.<pid>.<hex>.tmp`) left in the
 * directory of `filePath` by processes on this host that no longer run.
 *
 * @example
 * ```ts
 * await removeDeadTempFiles('/home/me/.config/app/tokens.json');
 * ```
 */
export async function removeDeadTempFiles(filePath: string): Promise<void> {
  const directory = dirname(filePath);
  const base = basename(filePath);
  let names: string[];
  try {
    names = await readdir(directory);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(`${base}.`) || !name.endsWith('.tmp')) continue;
    const match = /^(?:lock\.)?(\d+)\.[0-9a-f]+\.tmp$/.exec(name.slice(base.length + 1));
    const pid = Number(match?.[1]);
    if (match === null || !Number.isSafeInteger(pid) || pid === process.pid || isAlive(pid)) continue;
    await unlink(join(directory, name)).catch(() => undefined);
  }
}

/** Creates the lock file with complete contents at once (write a temp file, hard-link it into place). */
async function tryCreate(lockPath: string, owner: LockOwner): Promise<boolean> {
  const temp = `${lockPath}.${owner.pid}.${owner.nonce}.tmp`;
  try {
    await writeNew(temp, JSON.stringify({ ...owner, createdAt: Date.now() }));
  } catch (error) {
    if (codeOf(error) !== 'ENOENT') throw storeError(lockPath, error);
    await mkdir(dirname(lockPath), { recursive: true, mode: 0o700 });
    await writeNew(temp, JSON.stringify({ ...owner, createdAt: Date.now() }));
  }
  try {
    await link(temp, lockPath);
    return true;
  } catch (error) {
    if (codeOf(error) === 'EEXIST') return false;
    throw storeError(lockPath, error);
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

async function writeNew(path: string, text: string): Promise<void> {
  const handle = await open(path, 'wx', 0o600);
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
}

async function look(lockPath: string): Promise<LockSighting | undefined> {
  try {
    const [info, text] = await Promise.all([stat(lockPath), readFile(lockPath, 'utf8')]);
    return { owner: parseOwner(text), ino: info.ino, mtimeMs: info.mtimeMs };
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return undefined;
    throw storeError(lockPath, error);
  }
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const { pid, thread = 0, host, nonce } = value as Record<string, unknown>;
    if (typeof pid !== 'number' || typeof thread !== 'number' || typeof host !== 'string' || typeof nonce !== 'string') return undefined;
    return { pid, thread, host, nonce };
  } catch {
    return undefined;
  }
}

function isStale(sighting: LockSighting, staleMs: number): boolean {
  const { owner } = sighting;
  const old = Date.now() - sighting.mtimeMs > staleMs;
  if (owner === undefined || owner.host !== hostname()) return old;
  if (owner.pid !== process.pid) return !isAlive(owner.pid);
  // Our pid and thread: withFileLock lets one caller per path through in this thread, so the
  // lock is left over (from a process that had our pid before). Another thread of ours may be
  // alive or gone: judged by age.
  return owner.thread === threadId() || old;
}

/**
 * Whether a process with this pid runs on this host (EPERM: it runs, as another user).
 *
 * @example
 * ```ts
 * isAlive(process.pid); // true
 * ```
 */
export function isAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return codeOf(error) === 'EPERM';
  }
}

/** Removes a stale lock, if it is still the one we saw, while holding `<lock>.takeover`. */
async function takeOver(lockPath: string, seen: LockSighting, staleMs: number): Promise<void> {
  const guard = `${lockPath}.takeover`;
  try {
    await writeNew(guard, String(process.pid));
  } catch (error) {
    if (codeOf(error) !== 'EEXIST') throw storeError(lockPath, error);
    // Another process is taking over; its guard lives for milliseconds unless it died there.
    const info = await stat(guard).catch(() => undefined);
    if (info !== undefined && Date.now() - info.mtimeMs > staleMs) await unlink(guard).catch(() => undefined);
    await sleep(5 + Math.random() * 10);
    return;
  }
  try {
    const now = await look(lockPath);
    if (now !== undefined && now.ino === seen.ino && now.mtimeMs === seen.mtimeMs && now.owner?.nonce === seen.owner?.nonce) {
      await unlink(lockPath).catch(() => undefined);
      if (seen.owner !== undefined && seen.owner.host === hostname()) await removeDeadTempFiles(lockPath.replace(/\.lock$/, ''));
    }
  } finally {
    await unlink(guard).catch(() => undefined);
  }
}

async function releaseIfOurs(lockPath: string, nonce: string): Promise<void> {
  const now = await look(lockPath).catch(() => undefined);
  if (now?.owner?.nonce === nonce) await unlink(lockPath).catch(() => undefined);
}

function codeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
}

function storeError(path: string, error: unknown): AuthError {
  return new AuthError('ERR_AUTH_STORE', `could not use the lock file ${path}`, { cause: error, details: { path } });
}

/** This worker thread's id (0 on the main thread); `node:worker_threads` is loaded on first use, not at import. */
function threadId(): number {
  return process.getBuiltinModule('node:worker_threads').threadId;
}
