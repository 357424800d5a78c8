import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import { inspect } from 'node:util';
import { AuthError, invalidConfig } from '../errors.js';
import { emptyData, leaseHeld, parseFile, serializeFile, type FileData } from './file-format.js';
import { removeDeadTempFiles, withFileLock, type FileLockOptions } from './file-lock.js';
import { checkIfVersion, checkLeaseMs, checkTokenToWrite } from './record.js';
import type { StoredToken, TokenStore, TokenStoreLock, TokenStoreSetOptions } from './token-store.js';
import { checkOptionNames, optionNames } from '../validate/option-names.js';

/**
 * Options of {@link FileTokenStore}.
 *
 * @example
 * ```ts
 * const options: FileTokenStoreOptions = { path: '/var/lib/my-app/tokens.json', lockTimeoutMs: 5_000 };
 * const store = new FileTokenStore(options);
 * ```
 */
export interface FileTokenStoreOptions {
  /**
   * The JSON file that holds every key's token (one file per store). Created on the first
   * write with mode 0600, its directory with 0700. Next to it live `<path>.lock` while a
   * write is under way, and temp files for a moment.
   */
  readonly path: string;
  /**
   * Told about problems the store recovered from without failing the call: a corrupted file
   * that was moved aside (`ERR_AUTH_STORE`, `details.movedTo`). Default: `process.emitWarning`.
   */
  readonly onError?: (error: AuthError) => void;
  /** How long a write waits for the file lock before failing with `ERR_AUTH_STORE`. Default 10 000 ms. */
  readonly lockTimeoutMs?: number;
  /**
   * A lock file left by a process on another host (or unreadable) counts as abandoned after
   * this long. On this host a lock of a process that no longer runs is taken over at once.
   * Default 30 000 ms.
   */
  readonly staleLockMs?: number;
}

const optionNamesOf = optionNames<FileTokenStoreOptions>()(['path', 'onError', 'lockTimeoutMs', 'staleLockMs']);

/**
 * Keeps tokens in one JSON file shared by the processes of one machine (CLIs started in
 * parallel, cluster workers). Writes replace the file atomically (temp file, fsync, rename)
 * with mode 0600; every read-modify-write runs under a lock file naming its owner's pid, so
 * concurrent writers lose nothing and compare-and-set holds across processes. A lock left by
 * a crashed process is taken over. A file that cannot be parsed is renamed to
 * `<path>.corrupt-<time>` and reported through `onError`; the store then starts empty.
 *
 * Not for network file systems: staleness of a lock is judged by pid on this host.
 *
 * @example
 * ```ts
 * import { FileTokenStore, oauth2Auth } from 'authwire';
 * const store = new FileTokenStore({ path: `${os.homedir()}/.config/my-cli/tokens.json` });
 * const auth = oauth2Auth({ grant: 'client_credentials', tokenUrl, clientId, clientSecret, store });
 * ```
 */
export class FileTokenStore implements TokenStore {
  readonly #path: string;
  readonly #lockPath: string;
  readonly #onError: (error: AuthError) => void;
  readonly #lock: FileLockOptions;
  #cleaned = false;

  /** @param options - where the file lives and how long to wait for its lock */
  constructor(options: FileTokenStoreOptions) {
    checkOptionNames(options, optionNamesOf, 'FileTokenStore');
    const { path, onError, lockTimeoutMs = 10_000, staleLockMs = 30_000 } = (options ?? {}) as Partial<FileTokenStoreOptions>;
    if (typeof path !== 'string' || path.length === 0) throw invalidConfig('FileTokenStore.path', 'a non-empty file path');
    if (onError !== undefined && typeof onError !== 'function') throw invalidConfig('FileTokenStore.onError', 'a function');
    if (!isPositive(lockTimeoutMs)) throw invalidConfig('FileTokenStore.lockTimeoutMs', 'a positive number of milliseconds');
    if (!isPositive(staleLockMs)) throw invalidConfig('FileTokenStore.staleLockMs', 'a positive number of milliseconds');
    this.#path = resolve(path);
    this.#lockPath = `${this.#path}.lock`;
    this.#onError = onError ?? ((error) => process.emitWarning(error));
    this.#lock = { timeoutMs: lockTimeoutMs, staleMs: staleLockMs };
  }

  /** The absolute path of the token file. */
  get path(): string {
    return this.#path;
  }

  /** Reads the token for `key` without taking the lock (renames make every read see a whole file). */
  async get(key: string): Promise<StoredToken | undefined> {
    const text = await this.#read();
    if (text === undefined) return undefined;
    const data = parseFile(text);
    if (data !== undefined) return data.tokens.get(key);
    // Corrupted: move it aside under the lock, unless a writer replaced it meanwhile.
    const recovered = await this.#locked(() => this.#load());
    return recovered.tokens.get(key);
  }

  /** Writes the token for `key`; with `ifVersion`, only if the stored version (0 when absent) equals it. */
  async set(key: string, token: StoredToken, options?: TokenStoreSetOptions): Promise<boolean> {
    const record = checkTokenToWrite(token, 'FileTokenStore.set');
    const ifVersion = checkIfVersion(options?.ifVersion, 'FileTokenStore.set');
    return this.#locked(async () => {
      const data = await this.#load();
      if (ifVersion !== undefined && (data.tokens.get(key)?.version ?? 0) !== ifVersion) return false;
      data.tokens.set(key, record);
      await this.#save(data);
      return true;
    });
  }

  /** Removes the token for `key` (and nothing else). */
  async delete(key: string): Promise<void> {
    await this.#locked(async () => {
      const data = await this.#load();
      if (!data.tokens.delete(key)) return;
      await this.#save(data);
    });
  }

  /**
   * Takes the lease on `key` for `ttlMs` if nobody holds it (an expired lease, or one of a
   * process on this host that no longer runs, counts as free). Release removes it only while it
   * is still this lease; `held()` reads the file (no lock file needed: writes replace it whole)
   * and is true while the key's lease is still this owner's and has not run out.
   */
  async lock(key: string, ttlMs: number): Promise<TokenStoreLock | undefined> {
    const leaseMs = checkLeaseMs(ttlMs, 'FileTokenStore.lock');
    const owner = randomBytes(16).toString('hex');
    const taken = await this.#locked(async () => {
      const data = await this.#load();
      const current = data.leases.get(key);
      if (current !== undefined && leaseHeld(current, Date.now())) return false;
      data.leases.set(key, { owner, pid: process.pid, host: hostname(), expiresAt: Date.now() + leaseMs });
      await this.#save(data);
      return true;
    });
    if (!taken) return undefined;
    let released = false;
    return {
      // A release that failed can be called again: it removes the lease only while it is ours.
      release: async () => {
        if (released) return;
        await this.#locked(async () => {
          const data = await this.#load();
          if (data.leases.get(key)?.owner !== owner) return;
          data.leases.delete(key);
          await this.#save(data);
        });
        released = true;
      },
      held: async () => {
        if (released) return false;
        const text = await this.#read();
        const lease = text === undefined ? undefined : parseFile(text)?.leases.get(key);
        return lease?.owner === owner && leaseHeld(lease, Date.now());
      },
    };
  }

  /** Shows the path only. */
  [inspect.custom](): string {
    return `FileTokenStore { path: ${JSON.stringify(this.#path)} }`;
  }


  async #locked<T>(task: () => Promise<T>): Promise<T> {
    return withFileLock(this.#lockPath, this.#lock, async () => {
      if (!this.#cleaned) {
        this.#cleaned = true;
        await removeDeadTempFiles(this.#path);
      }
      return task();
    });
  }

  async #read(): Promise<string | undefined> {
    try {
      return await readFile(this.#path, 'utf8');
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
      throw new AuthError('ERR_AUTH_STORE', `could not read the token file ${this.#path}`, { cause: error, details: { path: this.#path } });
    }
  }

  /** Reads the file under the lock; a corrupted one is moved aside and reported. */
  async #load(): Promise<FileData> {
    const text = await this.#read();
    if (text === undefined) return emptyData();
    const data = parseFile(text);
    if (data !== undefined) return data;
    const movedTo = `${this.#path}.corrupt-${Date.now()}-${randomBytes(3).toString('hex')}`;
    try {
      await rename(this.#path, movedTo);
    } catch (error) {
      throw new AuthError('ERR_AUTH_STORE', `the token file ${this.#path} is corrupted and could not be moved aside`, { cause: error, details: { path: this.#path } });
    }
    this.#report(
      new AuthError('ERR_AUTH_STORE', `the token file ${this.#path} was corrupted; moved it to ${movedTo} and started with no tokens`, {
        details: { path: this.#path, movedTo },
      }),
    );
    return emptyData();
  }

  /** Writes a temp file (0600, fsync), renames it over the file, then syncs the directory. */
  async #save(data: FileData): Promise<void> {
    const now = Date.now();
    for (const [key, lease] of data.leases) if (!leaseHeld(lease, now)) data.leases.delete(key);
    const text = serializeFile(data);
    const temp = `${this.#path}.${process.pid}.${randomBytes(8).toString('hex')}.tmp`;
    try {
      await mkdir(dirname(this.#path), { recursive: true, mode: 0o700 });
      const handle = await open(temp, 'wx', 0o600);
      try {
        await handle.chmod(0o600);
        await handle.writeFile(text);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, this.#path);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw new AuthError('ERR_AUTH_STORE', `could not write the token file ${this.#path}`, { cause: error, details: { path: this.#path } });
    }
    await syncDirectory(dirname(this.#path));
  }

  #report(error: AuthError): void {
    try {
      this.#onError(error);
    } catch {
      // A failing reporter must not turn a recovered problem into a failed call.
    }
  }
}

function isPositive(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some platforms (Windows) cannot open or sync a directory; the rename is still atomic.
  }
}
