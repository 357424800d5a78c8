// Starts test/servers/oauthlib-server.py: an OAuth 1.0a provider written with python3-oauthlib
// and Flask on a free port of 127.0.0.1. Without a python3 that imports oauthlib and flask, the
// tests skip loudly; under CI=true that is a failure instead.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { findProgram } from './requirement.js';

/** The clients and tokens the provider knows. */
export interface OAuthlibConfig {
  readonly clients: Readonly<Record<string, { readonly secret?: string; readonly rsaPublicKey?: string }>>;
  readonly tokens: Readonly<Record<string, { readonly client: string; readonly secret: string }>>;
}

/** A running provider. */
export interface OAuthlibServer {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  close(): Promise<void>;
}

/** What `/resource` answers (JSON). */
export interface OAuthlibEcho {
  readonly valid: boolean;
  readonly problem: string | null;
  readonly method: string;
  readonly uri: string;
  readonly query: ReadonlyArray<readonly [string, string]>;
  readonly body: string;
  readonly signatureMethod: string | null;
  readonly signatureType: 'header' | 'query' | 'form';
  readonly nonce: string | null;
}

const INSTALL = 'apt-get install -y python3-oauthlib python3-flask';

/** A python3 that imports oauthlib and flask (`$OAUTHLIB_PYTHON`, else /usr/bin/python3), or undefined after a loud warning. */
export function findOAuthlibPython(): string | undefined {
  const python = findProgram(process.env.OAUTHLIB_PYTHON ?? '/usr/bin/python3');
  const works = python !== undefined && spawnSync(python, ['-c', 'import oauthlib, flask'], { stdio: 'ignore' }).status === 0;
  if (works) return python;
  const message = `python3 with oauthlib and flask is not installed: the OAuth 1.0a interoperability tests cannot run. Install them with: ${INSTALL}`;
  if (process.env.CI === 'true') throw new Error(`${message} (CI=true: a missing server is a failure)`);
  console.warn(`\n*** SKIPPING: ${message} ***\n`);
  return undefined;
}

/** Starts the provider with `config`; resolves once it listens. */
export async function startOAuthlibServer(python: string, config: OAuthlibConfig): Promise<OAuthlibServer> {
  const directory = mkdtempSync(join(tmpdir(), 'authwire-oauthlib-'));
  const configPath = join(directory, 'config.json');
  writeFileSync(configPath, JSON.stringify(config));
  const script = new URL('./oauthlib-server.py', import.meta.url).pathname;
  const child = spawn(python, [script, configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    // Flask logs every request here; keep the tail for a failure message.
    stderr = `${stderr}${chunk}`.slice(-4000);
  });
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const match = /^listening (\d+)$/.exec(line);
      if (match !== null) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`oauthlib-server.py exited (${code}) before listening:\n${stderr}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    origin: `http://127.0.0.1:${port}`,
    close: async () => {
      process.off('exit', killOnExit);
      child.kill('SIGTERM');
      await exited;
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
