// Command-line options of the demo.
import { parseArgs } from 'node:util';
import { clientNames, type ClientName } from './clients.js';

export const storeKinds = ['memory', 'file', 'redis'] as const;
export type StoreKind = (typeof storeKinds)[number];

export interface DemoOptions {
  readonly store: StoreKind;
  readonly seconds: number;
  /** Request loops per client. */
  readonly concurrency: number;
  readonly clients: readonly ClientName[];
}

/** A mistake on the command line (exit code 2). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const usage = `Usage: npm run demo -- [options]

Starts an OAuth2 authorization server (oidc-provider) and a protected API on 127.0.0.1, then
sends requests through axios, got, ky and fetch, all sharing one authwire authenticator, while
access tokens expire every few seconds and refresh tokens rotate on every use.

Options:
  --store memory|file|redis  where tokens are kept (default: memory, authwire's default store);
                             redis uses REDIS_URL, e.g. redis://127.0.0.1:6379
  --seconds N                how long to send requests (default: 15)
  --concurrency N            request loops per client (default: 4)
  --clients LIST             comma-separated, from axios,got,ky,fetch (default: all four)
  -h, --help                 show this help

Exits 0 when every request succeeded, 1 when one failed, 2 on a usage or setup problem.`;

/** Parses argv; `undefined` means help was asked for. */
export function parseOptions(argv: readonly string[]): DemoOptions | undefined {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        store: { type: 'string', default: 'memory' },
        seconds: { type: 'string', default: '15' },
        concurrency: { type: 'string', default: '4' },
        clients: { type: 'string', default: clientNames.join(',') },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return undefined;
  const store = storeKinds.find((kind) => kind === values.store);
  if (store === undefined) throw new UsageError(`--store must be one of ${storeKinds.join(', ')}, not '${values.store}'`);
  const clients = values.clients.split(',').map((name) => name.trim()).filter((name) => name !== '');
  const unknown = clients.filter((name) => !clientNames.some((known) => known === name));
  if (unknown.length > 0 || clients.length === 0) throw new UsageError(`--clients takes names from ${clientNames.join(',')}; got '${values.clients}'`);
  return {
    store,
    seconds: numberOption('seconds', values.seconds, 1, 3600),
    concurrency: numberOption('concurrency', values.concurrency, 1, 256),
    clients: clientNames.filter((name) => clients.includes(name)),
  };
}

function numberOption(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not '${text}'`);
  return value;
}
