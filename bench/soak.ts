// bench/soak: steady load through all four adapters sharing one oauth2Auth with 2-second tokens
// for --duration seconds (default 60): failed requests, heap and handles at start and end, and
// authwire's timers left after close().
import { createHook } from 'node:async_hooks';
import { sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { oauth2Auth, type Authenticator } from '../src/index.js';
import { numberFlag } from './lib/args.js';
import { authwireSender, clientNames, installTransport } from './lib/clients.js';
import { currentLoad, environment, writeResult } from './lib/env.js';
import { paced, settle, type RunRecord } from './lib/load.js';
import { forkServers } from './lib/server-process.js';
import { formatNumber, printTable, round, summarize } from './lib/stats.js';

const durationS = numberFlag('duration', 60);
const rate = numberFlag('rate', 200);
const lifetimeS = numberFlag('token-lifetime', 2);
const tokenDelayMs = numberFlag('token-delay', 50);
const warmupS = 5;

// Timers created by authwire's core: found by the creating stack (the compiled src/ directory).
const coreDirectory = fileURLToPath(new URL('../src/', import.meta.url));
const authwireTimers = new Set<number>();
let authwireTimersCreated = 0;
const hook = createHook({
  init(asyncId, type) {
    if (type !== 'Timeout') return;
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 25;
    const stack = new Error().stack ?? '';
    Error.stackTraceLimit = limit;
    if (stack.includes(coreDirectory) || stack.includes(`${sep}src${sep}token-manager`)) {
      authwireTimers.add(asyncId);
      authwireTimersCreated += 1;
    }
  },
  destroy(asyncId) {
    authwireTimers.delete(asyncId);
  },
});

export interface Snapshot {
  readonly atSeconds: number;
  readonly heapUsedMiB: number;
  readonly rssMiB: number;
  /** `process.getActiveResourcesInfo()` by type (ref'd handles and requests). */
  readonly resources: Readonly<Record<string, number>>;
  readonly activeResources: number;
  /** Live timers created by authwire (unref'd ones included, which getActiveResourcesInfo leaves out). */
  readonly authwireTimers: number;
}

/** `settle`: collect garbage and idle first; `gc`: collect garbage now (samples during the load); `none`: as it is. */
async function snapshot(startedAt: number, mode: 'settle' | 'gc' | 'none'): Promise<Snapshot> {
  if (mode === 'settle') await settle(100);
  if (mode === 'gc') (globalThis as { gc?: () => void }).gc?.();
  const resources: Record<string, number> = {};
  const info = process.getActiveResourcesInfo();
  for (const type of info) resources[type] = (resources[type] ?? 0) + 1;
  const memory = process.memoryUsage();
  return {
    atSeconds: round((performance.now() - startedAt) / 1_000, 1),
    heapUsedMiB: round(memory.heapUsed / 2 ** 20, 2),
    rssMiB: round(memory.rss / 2 ** 20, 1),
    resources,
    activeResources: info.length,
    authwireTimers: authwireTimers.size,
  };
}

const started = performance.now();
const env = environment();
console.log(`bench/soak — ${env.node}, ${env.cpu} × ${env.cores}, load ${env.loadAverageAtStart}`);
console.log(`${rate} requests/s for ${durationS} s through axios, got, ky and fetch sharing one oauth2Auth; ${lifetimeS}-second tokens; token endpoint ${tokenDelayMs} ms away`);
if ((globalThis as { gc?: unknown }).gc === undefined) console.warn('!! node runs without --expose-gc: heap figures include uncollected garbage');
hook.enable();
const servers = await forkServers({ tokenDelayMs, tokenLifetimeSeconds: lifetimeS });
const transport = installTransport(16);
// Every token's expiry as authwire computed it, to see how much life a token had left when it was
// put on a request (authwire's forced window says: never less than a quarter of its life).
const expiries = new Map<string, number>();
const auth = oauth2Auth({
  grant: 'client_credentials', tokenUrl: servers.tokenUrl, clientId: 'bench-soak', clientSecret: 'bench-soak-secret',
  onToken: ({ token }) => {
    expiries.set(token.accessToken, token.expiresAt);
    if (expiries.size > 100) expiries.delete(expiries.keys().next().value ?? '');
  },
});
let leastLifeLeftMs = Number.POSITIVE_INFINITY;
const observed: Authenticator = {
  name: auth.name,
  authenticate: async (request, context) => {
    await auth.authenticate(request, context);
    const expiresAt = typeof context.credential === 'string' ? expiries.get(context.credential) : undefined;
    if (expiresAt !== undefined) leastLifeLeftMs = Math.min(leastLifeLeftMs, expiresAt - Date.now());
  },
  challenge: (response, request, context) => auth.challenge(response, request, context),
};
const senders = clientNames.map((client) => authwireSender(client, `${servers.apiOrigin}/secure`, transport, observed));
let turn = 0;
const send = (): Promise<number> => (senders[turn++ % senders.length] ?? senders[0])?.send() ?? Promise.reject(new Error('no sender'));

const samples: Snapshot[] = [];

function expiredText(values: readonly number[]): string {
  if (values.length === 0) return '—';
  const sorted = [...values].sort((a, b) => a - b);
  return `${sorted[Math.floor(sorted.length / 2)] ?? 0} / ${sorted[sorted.length - 1] ?? 0} ms`;
}
try {
  process.stdout.write(`  warm-up ${warmupS} s…`);
  await paced(send, { ratePerSecond: rate, durationMs: warmupS * 1_000, maxInFlight: 64 });
  await servers.reset();
  const atStart = await snapshot(started, 'settle');
  samples.push(atStart);
  process.stdout.write(` soak ${durationS} s…`);
  const record: RunRecord = await paced(send, {
    ratePerSecond: rate, durationMs: durationS * 1_000, maxInFlight: 64, sampleEveryMs: 5_000,
    onSample: () => {
      void snapshot(started, 'gc').then((sample) => samples.push(sample));
    },
  });
  const stats = await servers.stats();
  const atEnd = await snapshot(started, 'settle');
  samples.push(atEnd);
  await auth.close();
  await settle(100);
  const afterClose = await snapshot(started, 'none');
  console.log(' done');

  const latencyMs = summarize(record.latencies);
  const resourcesText = (sample: Snapshot): string => Object.entries(sample.resources).map(([type, count]) => `${type} ${count}`).join(', ');
  printTable(
    `soak: ${formatNumber(record.latencies.length)} requests in ${durationS} s (targets: 0 failed, heap and handles flat, 0 authwire timers after close())`,
    ['measure', 'start', 'end', 'after close()', 'target'],
    [
      ['failed requests', '', String(record.failed), '', '0'],
      ['requests that saw a 401', '', String(stats.apiUnauthorized), '', '0'],
      ['least life left on a token when put on a request', '', `${Math.round(leastLifeLeftMs)} ms`, '', `≥ ${(lifetimeS * 1_000) / 4} ms (forced window)`],
      ['401s: arrived after the token expired by (median / max)', '', expiredText(stats.expiredByMs), '', ''],
      ['token requests', '', String(stats.tokenRequests), '', `≈ ${Math.round(durationS / (lifetimeS / 2))} (one per half-life)`],
      ['heap used (after GC)', `${atStart.heapUsedMiB} MiB`, `${atEnd.heapUsedMiB} MiB`, '', 'flat'],
      ['active resources', String(atStart.activeResources), String(atEnd.activeResources), String(afterClose.activeResources), 'flat'],
      ['authwire timers (incl. unref\'d)', String(atStart.authwireTimers), String(atEnd.authwireTimers), String(afterClose.authwireTimers), '0 after close()'],
      ['latency p50 / p99', '', `${latencyMs.p50} / ${latencyMs.p99} ms`, '', ''],
      ['skipped (64 in flight)', '', String(record.skipped), '', '0'],
    ],
  );
  console.log(`\n  resources at start: ${resourcesText(atStart)}\n  resources at end:   ${resourcesText(atEnd)}\n  after close():      ${resourcesText(afterClose)}`);

  await transport.close();
  await servers.close();
  await settle(200);
  const afterAll = await snapshot(started, 'none');
  hook.disable();
  console.log(`  after closing clients and servers too: ${resourcesText(afterAll) || 'nothing'}`);
  const path = writeResult({
    name: 'soak',
    description: 'Steady load over many token lifetimes: failures, heap, handles and timers.',
    environment: env,
    loadAverageAtEnd: currentLoad(),
    durationSeconds: round((performance.now() - started) / 1_000),
    conditions: {
      durationS, rate, lifetimeS, tokenDelayMs, warmupS, maxInFlight: 64,
      setup: 'one oauth2Auth (client_credentials, default options, default MemoryTokenStore) shared by axios, got, ky and fetch, requests in turn; GET /secure checks the token',
      lifeLeft: 'a thin wrapper around the authenticator records, for every request, how long the token it got had left (by the expiry authwire computed, from onToken)',
      heap: 'heapUsed after a forced GC: idle before and after the soak, and every 5 s during it (samples)',
      timers: 'authwire timers are counted with an async_hooks Timeout hook by the creating stack (authwire\'s timers are unref\'d, so getActiveResourcesInfo does not list them)',
    },
    targets: { failed: '0', heapAndHandles: 'flat between start and end', timersAfterClose: '0' },
    results: {
      requests: record.latencies.length, failed: record.failed, errors: { ...record.errors, ...record.statuses }, unauthorized: stats.apiUnauthorized,
      unauthorizedUnknownTokens: stats.unknownTokens, unauthorizedExpiredByMs: stats.expiredByMs, leastLifeLeftMs: Math.round(leastLifeLeftMs),
      latencyMaxMs: latencyMs.max,
      tokenRequests: stats.tokenRequests, skipped: record.skipped, latencyMs,
      start: atStart, end: atEnd, afterClose, afterClosingEverything: afterAll, authwireTimersCreated,
      heapGrowthMiB: round(atEnd.heapUsedMiB - atStart.heapUsedMiB, 2), samples,
    },
    notes: [],
  });
  console.log(`\nwrote ${path}`);
} finally {
  hook.disable();
  await transport.close().catch(() => undefined);
  await servers.close().catch(() => undefined);
}
// Nothing of ours should keep the process alive now; say so if something does.
setTimeout(() => {
  console.warn(`!! the process is still alive 5 s after the soak ended: ${process.getActiveResourcesInfo().join(', ')}`);
  process.exit(1);
}, 5_000).unref();
