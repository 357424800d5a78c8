import { fork, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { isAuthError, type AuthError } from '../../src/errors.js';
import { FileTokenStore } from '../../src/stores/file.js';
import { fullToken, testTokenStore } from '../../src/testing/index.js';
import { compileForChild } from './fixtures/compile.js';

const directory = mkdtempSync(join(tmpdir(), 'authwire-file-store-'));
const cleanups: Array<() => void> = [() => rmSync(directory, { recursive: true, force: true })];
afterAll(() => {
  for (const cleanup of cleanups) cleanup();
});

const freshPath = (): string => join(directory, `${randomUUID()}`, 'tokens.json');

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid!;
}

const sharedPath = freshPath();
testTokenStore('FileTokenStore', () => new FileTokenStore({ path: sharedPath }));
testTokenStore('FileTokenStore, a new file per test', () => new FileTokenStore({ path: freshPath() }), { concurrency: 4 });

describe('FileTokenStore', () => {
  it('writes the file with mode 0600 in a directory it creates with 0700', async () => {
    const path = freshPath();
    await new FileTokenStore({ path }).set('k', fullToken(1));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(path, '..')).mode & 0o777).toBe(0o700);
  });

  it('a token file that others could read becomes 0600 at the next write', async () => {
    const path = freshPath();
    const store = new FileTokenStore({ path });
    await store.set('k', fullToken(1));
    chmodSync(path, 0o644);
    await store.set('k', fullToken(2));
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('a corrupted file is moved aside and reported; the call succeeds with no tokens', async () => {
    const path = freshPath();
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, '{"format":"authwire-token-store","tokens":{"k":{"accessToken":"secret-access-tok', { mode: 0o600 });
    const reported: AuthError[] = [];
    const store = new FileTokenStore({ path, onError: (error) => reported.push(error) });

    expect(await store.get('k')).toBeUndefined();
    expect(reported).toHaveLength(1);
    expect(reported[0]?.code).toBe('ERR_AUTH_STORE');
    const movedTo = String(reported[0]?.details.movedTo);
    expect(readFileSync(movedTo, 'utf8')).toContain('secret-access-tok');
    expect(reported[0]?.message).not.toContain('secret-access-tok');
    expect(existsSync(path)).toBe(false);

    expect(await store.set('k', fullToken(1), { ifVersion: 0 })).toBe(true);
    expect(await store.get('k')).toEqual(fullToken(1));
    expect(reported).toHaveLength(1);
  });

  it('valid JSON that is not a token file counts as corrupted too, also when found by a write', async () => {
    const path = freshPath();
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, JSON.stringify({ format: 'authwire-token-store', version: 1, tokens: { k: { accessToken: 42, version: 1 } } }));
    const reported: AuthError[] = [];
    const store = new FileTokenStore({ path, onError: (error) => reported.push(error) });
    expect(await store.set('k', fullToken(1), { ifVersion: 0 })).toBe(true);
    expect(reported.map((error) => error.code)).toEqual(['ERR_AUTH_STORE']);
  });

  it('without onError, a corrupted file is reported as a process warning', async () => {
    const path = freshPath();
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, 'not json');
    const warning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      expect(await new FileTokenStore({ path }).get('k')).toBeUndefined();
      expect(warning).toHaveBeenCalledTimes(1);
      expect(isAuthError(warning.mock.calls[0]?.[0], 'ERR_AUTH_STORE')).toBe(true);
    } finally {
      warning.mockRestore();
    }
  });

  it('a file it cannot read rejects with ERR_AUTH_STORE (and is left alone)', async () => {
    const path = freshPath();
    mkdirSync(path, { recursive: true }); // a directory where the file should be
    await expect(new FileTokenStore({ path }).get('k')).rejects.toMatchObject({ name: 'AuthError', code: 'ERR_AUTH_STORE' });
    expect(statSync(path).isDirectory()).toBe(true);
  });

  it('after a crash mid-write (stale lock of a dead process, half-written temp file) the last whole file is read and the next write goes through', async () => {
    const path = freshPath();
    const store = new FileTokenStore({ path, lockTimeoutMs: 5_000 });
    await store.set('k', fullToken(1));
    const pid = deadPid();
    writeFileSync(`${path}.lock`, JSON.stringify({ pid, host: hostname(), nonce: 'dead', createdAt: Date.now() }));
    const halfWritten = `${path}.${pid}.0123abcd.tmp`;
    writeFileSync(halfWritten, '{"format":"authwire-token-store","tokens":{"k":{"acc');

    const restarted = new FileTokenStore({ path, lockTimeoutMs: 5_000 });
    expect(await restarted.get('k')).toEqual(fullToken(1));
    expect(await restarted.set('k', fullToken(2), { ifVersion: 1 })).toBe(true);
    expect(await restarted.get('k')).toEqual(fullToken(2));
    expect(existsSync(halfWritten)).toBe(false);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('a lock file of another host is waited for, and taken over once older than staleLockMs', async () => {
    const path = freshPath();
    await new FileTokenStore({ path }).set('k', fullToken(1));
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: 1, host: 'some-other-host', nonce: 'other', createdAt: Date.now() }));
    const patient = new FileTokenStore({ path, lockTimeoutMs: 200, staleLockMs: 60_000 });
    await expect(patient.set('k', fullToken(2))).rejects.toMatchObject({ code: 'ERR_AUTH_STORE' });

    const taking = new FileTokenStore({ path, lockTimeoutMs: 10_000, staleLockMs: 50 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await taking.set('k', fullToken(2), { ifVersion: 1 })).toBe(true);
  });

  it('a lease held by a process that has exited is free at once', async () => {
    const path = freshPath();
    mkdirSync(join(path, '..'), { recursive: true });
    const lease = { owner: 'dead-owner', pid: deadPid(), host: hostname(), expiresAt: Date.now() + 3_600_000 };
    writeFileSync(path, JSON.stringify({ format: 'authwire-token-store', version: 1, tokens: {}, leases: { k: lease } }));
    const lock = await new FileTokenStore({ path }).lock('k', 60_000);
    expect(lock).toBeDefined();
    await lock?.release();
  });

  it('a release that failed can be called again and then removes the lease', async () => {
    const path = freshPath();
    const folder = join(path, '..');
    const store = new FileTokenStore({ path, lockTimeoutMs: 1_000 });
    const lock = await store.lock('k', 60_000);
    // The directory is away (a file stands at its path): the release cannot take the file lock.
    renameSync(folder, `${folder}.away`);
    writeFileSync(folder, '');
    await expect(lock?.release()).rejects.toMatchObject({ code: 'ERR_AUTH_STORE' });
    rmSync(folder);
    renameSync(`${folder}.away`, folder);
    expect(await store.lock('k', 60_000)).toBeUndefined();
    await lock?.release();
    const again = await store.lock('k', 60_000);
    expect(again).toBeDefined();
    await again?.release();
  });

  it('processes writing at once lose nothing (4 child processes, compare-and-set increments and own keys)', async () => {
    const { script, directory: compiled } = compileForChild('test/stores/fixtures/file-writer.ts');
    cleanups.push(() => rmSync(compiled, { recursive: true, force: true }));
    const path = freshPath();
    const workers = 4;
    const count = 15;
    const exits = Array.from({ length: workers }, (_, worker) => {
      const child = fork(script, [path, 'increment', String(worker), String(count)], { stdio: 'inherit' });
      return new Promise<number | null>((resolve) => child.once('exit', resolve));
    });
    expect(await Promise.all(exits)).toEqual(Array.from({ length: workers }, () => 0));

    const store = new FileTokenStore({ path });
    const counter = await store.get('counter');
    expect(counter?.version).toBe(workers * count);
    expect(new Set(counter?.extra?.['writers'] as string[]).size).toBe(workers * count);
    for (let worker = 0; worker < workers; worker++) {
      for (let done = 0; done < count; done++) expect(await store.get(`worker-${worker}-${done}`)).toEqual({ accessToken: `own-${worker}-${done}`, version: 1 });
    }
    expect(readdirSync(join(path, '..')).filter((name) => name.endsWith('.tmp') || name.endsWith('.lock'))).toEqual([]);
  });

  it('worker threads of one process (same pid) writing at once lose nothing', async () => {
    const { script, directory: compiled } = compileForChild('test/stores/fixtures/file-writer.ts');
    cleanups.push(() => rmSync(compiled, { recursive: true, force: true }));
    const path = freshPath();
    const exits = [0, 1, 2].map((worker) => new Promise<number>((resolve) => new Worker(script, { argv: [path, 'increment', String(worker), '10'] }).once('exit', resolve)));
    expect(await Promise.all(exits)).toEqual([0, 0, 0]);
    expect((await new FileTokenStore({ path }).get('counter'))?.version).toBe(30);
  });

  it('a writer killed with SIGKILL mid-run leaves a whole file; the next writer carries on', async () => {
    const { script, directory: compiled } = compileForChild('test/stores/fixtures/file-writer.ts');
    cleanups.push(() => rmSync(compiled, { recursive: true, force: true }));
    const path = freshPath();
    const child = fork(script, [path, 'forever', '0'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let acknowledged = 0;
    await new Promise<void>((resolve) => {
      child.on('message', (message: { version: number }) => {
        acknowledged = message.version;
        if (acknowledged >= 5) {
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await exited;

    const reported: AuthError[] = [];
    const store = new FileTokenStore({ path, lockTimeoutMs: 10_000, onError: (error) => reported.push(error) });
    const survivor = await store.get('counter');
    expect(survivor?.version).toBeGreaterThanOrEqual(acknowledged);
    expect(await store.set('counter', { accessToken: 'next', version: survivor!.version + 1 }, { ifVersion: survivor!.version })).toBe(true);
    expect(reported).toEqual([]);
    expect(readdirSync(join(path, '..')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('never shows tokens in util.inspect or JSON', async () => {
    const store = new FileTokenStore({ path: freshPath() });
    await store.set('k', fullToken(1));
    expect(inspect(store, { showHidden: true, depth: 5 })).not.toMatch(/access-|refresh-/);
    expect(JSON.stringify(store)).not.toMatch(/access-|refresh-/);
    expect(inspect(store)).toContain('FileTokenStore');
  });

  it('rejects bad options and malformed tokens with named fields', async () => {
    expect(() => new FileTokenStore({ path: '' })).toThrow(expect.objectContaining({ code: 'ERR_AUTH_INVALID_CONFIG' }));
    expect(() => new FileTokenStore({ path: freshPath(), lockTimeoutMs: -1 })).toThrow(/lockTimeoutMs/);
    const store = new FileTokenStore({ path: freshPath() });
    await expect(store.set('k', { accessToken: 'secret-value', version: 1.5 })).rejects.toMatchObject({ code: 'ERR_AUTH_STORE', message: expect.stringContaining('version') });
    await expect(store.set('k', { accessToken: 'secret-value', version: 1 }, { ifVersion: -1 })).rejects.toMatchObject({ code: 'ERR_AUTH_STORE' });
    await expect(store.lock('k', Number.NaN)).rejects.toMatchObject({ code: 'ERR_AUTH_STORE' });
  });
});
