// bench/stampede: 10,000 concurrent requests through each adapter just as the token expires
// (token endpoint 50 ms away). Counts token requests and 401s, and compares latency with the
// same burst under a fresh token. Then the same burst inside the refresh window (background
// refresh). The same load through axios-auth-refresh and @badgateway/oauth2-client's wrapper.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { AxiosAuthRefreshOptions } from 'axios-auth-refresh';
import { MemoryTokenStore, oauth2Auth, type TokenAuthenticator } from '../src/index.js';
import { numberFlag } from './lib/args.js';
import { authwireSender, axiosAuthRefreshSender, badgatewaySender, clientNames, installTransport, type Sender } from './lib/clients.js';
import { currentLoad, environment, writeResult } from './lib/env.js';
import { burst, closedLoop, idle, until, type RunRecord } from './lib/load.js';
import { forkServers, type RemoteServers } from './lib/server-process.js';
import { formatNumber, formatRatio, median, printTable, round, summarize, type LatencySummary } from './lib/stats.js';

const burstSize = numberFlag('requests', 10_000);
const connections = numberFlag('connections', 64);
const tokenDelayMs = numberFlag('token-delay', 50);
/** Lifetime of the token that expires under the first burst (short: the bench waits for it). */
const expiringLifetimeS = 3;
/** Lifetime of the tokens after it: long enough for a whole burst inside the refresh window. */
const windowLifetimeS = numberFlag('window-lifetime', 60);
const steadyLifetimeS = 3_600;
const CLIENT_SECRET = 'bench-stampede-secret';

export type Scenario = 'steady' | 'expiry' | 'window';

export interface StampedeRow {
  readonly implementation: string;
  readonly scenario: Scenario;
  readonly requests: number;
  readonly tokenRequests: number;
  /** 401 responses the API server sent during the burst (each is a request that saw a 401). */
  readonly unauthorized: number;
  /** Requests that finally failed (non-2xx or an error). */
  readonly failed: number;
  readonly errors: Readonly<Record<string, number>>;
  readonly latencyMs: LatencySummary;
  readonly burstMs: number;
  /** The longest single block of the event loop during the burst (ms). */
  readonly eventLoopMaxMs: number;
  /** The bench process's CPU time during the burst (ms): far steadier than latency on a shared machine. */
  readonly cpuMs: number;
  readonly cpuVsSteady?: number;
  readonly p50VsSteady?: number;
  readonly p99VsSteady?: number;
  /** Steady rows: each steady burst (the row holds their medians). */
  readonly steadyBursts?: ReadonlyArray<{ readonly p50: number; readonly p99: number; readonly burstMs: number; readonly eventLoopMaxMs: number; readonly cpuMs: number }>;
}

interface Measured {
  readonly record: RunRecord;
  readonly tokenRequests: number;
  readonly unauthorized: number;
  /** The longest the event loop was blocked during the burst. */
  readonly eventLoopMaxMs: number;
  /** CPU time (user + system) of the bench process during the burst: what the client side cost. */
  readonly cpuMs: number;
}

async function measureBurst(servers: RemoteServers, sender: Sender, at?: number): Promise<Measured> {
  // Enabled before the pause: the histogram counts a delay only once it has a first sample, so a
  // block right at the burst's start (10,000 requests launched in one tick) would go unseen.
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  // An idle pause, no forced gc(): V8 drops optimized code on a forced collection, and the burst
  // would then measure re-optimization (see bench/overhead.ts).
  await idle();
  await servers.reset();
  if (at !== undefined) await until(at);
  const cpu = process.cpuUsage();
  const record = await burst(sender.send, burstSize);
  const used = process.cpuUsage(cpu);
  delay.disable();
  const stats = await servers.stats();
  return {
    record, tokenRequests: stats.tokenRequests, unauthorized: stats.apiUnauthorized, eventLoopMaxMs: round(delay.max / 1e6), cpuMs: round((used.user + used.system) / 1_000),
  };
}

function row(implementation: string, scenario: Scenario, measured: Measured, steady?: StampedeRow): StampedeRow {
  const latencyMs = summarize(measured.record.latencies);
  return {
    implementation,
    scenario,
    requests: measured.record.latencies.length,
    tokenRequests: measured.tokenRequests,
    unauthorized: measured.unauthorized,
    failed: measured.record.failed,
    errors: { ...measured.record.errors, ...Object.fromEntries(Object.entries(measured.record.statuses).map(([status, count]) => [`HTTP ${status}`, count])) },
    latencyMs,
    burstMs: round(measured.record.durationMs),
    eventLoopMaxMs: measured.eventLoopMaxMs,
    cpuMs: measured.cpuMs,
    ...(steady === undefined
      ? {}
      : {
          cpuVsSteady: round(measured.cpuMs / steady.cpuMs, 3),
          p50VsSteady: round(latencyMs.p50 / steady.latencyMs.p50, 3),
          p99VsSteady: round(latencyMs.p99 / steady.latencyMs.p99, 3),
        }),
  };
}

function auth(servers: RemoteServers, clientId: string, refreshAhead: boolean): TokenAuthenticator {
  return oauth2Auth({
    grant: 'client_credentials', tokenUrl: servers.tokenUrl, clientId, clientSecret: CLIENT_SECRET, store: new MemoryTokenStore(), refreshAhead,
  });
}

/** Fills the connection pool and warms the code paths a burst takes, so the first burst is not also a warm-up. */
async function warm(sender: Sender): Promise<void> {
  await closedLoop(sender.send, connections * 4, connections);
  await burst(sender.send, Math.min(2_000, burstSize));
}

/** The steady baseline of one implementation: the median p50 and p99 of its steady bursts. */
function steadyRow(implementation: string, bursts: readonly Measured[]): StampedeRow {
  const rows = bursts.map((measured) => row(implementation, 'steady', measured));
  const middle = (values: number[]): number => median(values);
  return {
    implementation,
    scenario: 'steady',
    requests: rows.reduce((sum, item) => sum + item.requests, 0),
    tokenRequests: rows.reduce((sum, item) => sum + item.tokenRequests, 0),
    unauthorized: rows.reduce((sum, item) => sum + item.unauthorized, 0),
    failed: rows.reduce((sum, item) => sum + item.failed, 0),
    errors: rows.reduce<Record<string, number>>((sum, item) => {
      for (const [key, count] of Object.entries(item.errors)) sum[key] = (sum[key] ?? 0) + count;
      return sum;
    }, {}),
    latencyMs: {
      p50: middle(rows.map((item) => item.latencyMs.p50)),
      p99: middle(rows.map((item) => item.latencyMs.p99)),
      max: Math.max(...rows.map((item) => item.latencyMs.max)),
    },
    burstMs: middle(rows.map((item) => item.burstMs)),
    eventLoopMaxMs: middle(rows.map((item) => item.eventLoopMaxMs)),
    cpuMs: middle(rows.map((item) => item.cpuMs)),
    steadyBursts: rows.map((item) => ({ p50: item.latencyMs.p50, p99: item.latencyMs.p99, burstMs: item.burstMs, eventLoopMaxMs: item.eventLoopMaxMs, cpuMs: item.cpuMs })),
  };
}

const started = performance.now();
const env = environment();
console.log(`bench/stampede — ${env.node}, ${env.cpu} × ${env.cores}, load ${env.loadAverageAtStart}`);
console.log(`${formatNumber(burstSize)} concurrent requests per burst, pools of ${connections} connections, token endpoint ${tokenDelayMs} ms away`);
const servers = await forkServers({ tokenDelayMs, tokenLifetimeSeconds: steadyLifetimeS });
const transport = installTransport(connections);
const url = `${servers.apiOrigin}/secure`;
const rows: StampedeRow[] = [];
/** How long the steady bursts of the implementation under way took: decides whether another fits before the window. */
const steadyDurations: number[] = [];

/**
 * Runs one implementation: steady bursts (fresh 1-hour token, another client id) interleaved
 * with the timed bursts, so the baseline is measured under the same machine load.
 */
async function implementation(
  name: string,
  steadySender: Sender,
  timed: (steadyBurst: () => Promise<void>) => Promise<ReadonlyArray<readonly [Scenario, Measured]>>,
): Promise<void> {
  process.stdout.write(`  ${name}:`);
  steadyDurations.length = 0;
  await warm(steadySender);
  const steadyBursts: Measured[] = [];
  const steadyBurst = async (): Promise<void> => {
    process.stdout.write(' steady…');
    const measured = await measureBurst(servers, steadySender);
    steadyBursts.push(measured);
    steadyDurations.push(measured.record.durationMs);
  };
  await steadyBurst();
  const measured = await timed(steadyBurst);
  if (steadyBursts.length < 2) await steadyBurst(); // at least two for the baseline
  const steady = steadyRow(name, steadyBursts);
  rows.push(steady, ...measured.map(([scenario, result]) => row(name, scenario, result, steady)));
  console.log(' done');
}

try {
  for (const client of clientNames) {
    await servers.configure({ tokenLifetimeSeconds: steadyLifetimeS });
    const steadyAuth = auth(servers, `stampede-${client}-steady`, true);
    await steadyAuth.getToken();
    await implementation(`authwire ${client}`, authwireSender(client, url, transport, steadyAuth), async (steadyBurst) => {
      // The timer that refreshes a used token ahead of its window is off, so the burst meets the expiry.
      await servers.configure({ tokenLifetimeSeconds: expiringLifetimeS });
      const expiring = auth(servers, `stampede-${client}`, false);
      const first = await expiring.getToken();
      const sender = authwireSender(client, url, transport, expiring);
      await closedLoop(sender.send, 100, 8);
      await servers.configure({ tokenLifetimeSeconds: windowLifetimeS });
      const serverExpiry = (await servers.stats()).lastTokenExpiresAt;
      process.stdout.write(' expiry…');
      const atExpiry = await measureBurst(servers, sender, Math.max(serverExpiry, first.expiresAt) + 1);
      // Half a second into the refresh window of the token the expiry burst fetched (window: half its life).
      const current = await expiring.getToken();
      const windowStart = current.expiresAt - Math.min(expiring.tokenManager.refreshWindowMs, (current.expiresAt - current.issuedAt) / 2);
      // While waiting for the window, more steady bursts, but only those that end well before it:
      // the window burst must start inside the window, with more life left on the token than the
      // burst lasts (every adapter authenticates a request when it is made, not when a socket frees up).
      for (let extra = 0; extra < 2; extra++) {
        const longest = Math.max(...steadyDurations);
        if (Date.now() + 2 * longest + 1_000 > windowStart) break;
        await steadyBurst();
      }
      process.stdout.write(' window…');
      const at = windowStart + 500;
      if (Date.now() > at + 1_000) console.warn(`\n!! ${client}: the window burst starts ${Date.now() - at} ms late`);
      const inWindow = await measureBurst(servers, sender, at);
      await expiring.close();
      return [['expiry', atExpiry], ['window', inWindow]];
    });
    await steadyAuth.close();
  }

  const alternatives: ReadonlyArray<readonly [string, AxiosAuthRefreshOptions]> = [
    ['axios-auth-refresh', {}],
    ['axios-auth-refresh (deduplicateRefresh: false)', { deduplicateRefresh: false }],
  ];
  for (const [name, options] of alternatives) {
    await servers.configure({ tokenLifetimeSeconds: steadyLifetimeS });
    const steadySetup = axiosAuthRefreshSender(url, transport, servers.tokenUrl, `stampede-aar-steady`, CLIENT_SECRET, options);
    await steadySetup.refresh();
    await implementation(name, steadySetup.sender, async (steadyBurst) => {
      await servers.configure({ tokenLifetimeSeconds: expiringLifetimeS });
      const setup = axiosAuthRefreshSender(url, transport, servers.tokenUrl, 'stampede-aar', CLIENT_SECRET, options);
      await setup.refresh();
      await closedLoop(setup.sender.send, 100, 8);
      await servers.configure({ tokenLifetimeSeconds: windowLifetimeS });
      const serverExpiry = (await servers.stats()).lastTokenExpiresAt;
      process.stdout.write(' expiry…');
      const atExpiry = await measureBurst(servers, setup.sender, serverExpiry + 1);
      await steadyBurst();
      return [['expiry', atExpiry]];
    });
  }

  {
    await servers.configure({ tokenLifetimeSeconds: steadyLifetimeS });
    const steadySetup = badgatewaySender(url, servers.tokenUrl, 'stampede-bgw-steady', CLIENT_SECRET);
    await implementation('@badgateway/oauth2-client', steadySetup.sender, async (steadyBurst) => {
      await servers.configure({ tokenLifetimeSeconds: expiringLifetimeS });
      const setup = badgatewaySender(url, servers.tokenUrl, 'stampede-bgw', CLIENT_SECRET);
      await closedLoop(setup.sender.send, 100, 8);
      const clientExpiry = (await setup.wrapper.getToken()).expiresAt ?? 0;
      await servers.configure({ tokenLifetimeSeconds: windowLifetimeS });
      const serverExpiry = (await servers.stats()).lastTokenExpiresAt;
      process.stdout.write(' expiry…');
      const atExpiry = await measureBurst(servers, setup.sender, Math.max(serverExpiry, clientExpiry) + 1);
      await steadyBurst();
      return [['expiry', atExpiry]];
    });
  }

  const target = (scenario: Scenario, column: 'tokens' | 'p99'): string => {
    if (column === 'tokens') return scenario === 'steady' ? '0' : '1';
    return scenario === 'window' ? '≤ 1.10×' : '';
  };
  printTable(
    `${formatNumber(burstSize)} concurrent requests: steady (fresh token), at expiry (all wait for the refresh), inside the refresh window (background refresh)`,
    ['implementation', 'burst', 'token req', 'target', 'saw 401', 'failed', 'p50 ms', 'p99 ms', 'p50 ÷ steady', 'p99 ÷ steady', 'target', 'burst ms', 'loop block ms', 'CPU ms', 'CPU ÷ steady'],
    rows.map((result) => [
      result.implementation,
      result.scenario,
      String(result.tokenRequests),
      target(result.scenario, 'tokens'),
      String(result.unauthorized),
      String(result.failed),
      formatNumber(result.latencyMs.p50, 1),
      formatNumber(result.latencyMs.p99, 1),
      result.p50VsSteady === undefined ? '' : formatRatio(result.p50VsSteady),
      result.p99VsSteady === undefined ? '' : formatRatio(result.p99VsSteady),
      target(result.scenario, 'p99'),
      formatNumber(result.burstMs),
      formatNumber(result.eventLoopMaxMs),
      formatNumber(result.cpuMs),
      result.cpuVsSteady === undefined ? '' : formatRatio(result.cpuVsSteady),
    ]),
  );
  const path = writeResult({
    name: 'stampede',
    description: 'Token expiry under load: 10,000 concurrent requests per burst through each adapter and through two alternatives.',
    environment: env,
    loadAverageAtEnd: currentLoad(),
    durationSeconds: round((performance.now() - started) / 1_000),
    conditions: {
      burstSize, connections, tokenDelayMs, expiringLifetimeS, windowLifetimeS, steadyLifetimeS,
      grant: 'client_credentials against the local token server; the API (GET /secure) answers 401 to unknown or expired tokens',
      steady: 'the same burst with a fresh 1-hour token (another client id), run before and between the timed bursts (two or three of them); the row holds the median p50 and p99 of those bursts, the baseline of the ratios',
      expiry: `a ${expiringLifetimeS} s token; the burst starts 1 ms after both the server and the client consider it expired; authwire with refreshAhead: false (otherwise its timer would have refreshed the token already)`,
      window: `a ${windowLifetimeS} s token; the burst starts 0.5 s into its refresh window (half its life), so the first request starts one background refresh and nobody waits; the token has ${windowLifetimeS / 2 - 0.5} s to live, more than a burst lasts`,
      pools: `keep-alive pools of ${connections} sockets for every client: the burst queues in the client`,
      alternatives:
        'axios-auth-refresh: a request interceptor adds the token from a variable, createAuthRefresh fetches a new one on a 401 and retries (its README setup), with its default deduplicateRefresh: true and with false. @badgateway/oauth2-client: OAuth2Fetch with getNewToken = client.clientCredentials(). Neither has a refresh window, so they have no "window" row.',
    },
    targets: { tokenRequests: '1 per burst at expiry or in the window', unauthorized: '0', windowP99: 'p99 in the window ≤ 1.1 × steady p99' },
    results: rows,
    notes: [
      'Latency of a request in a 10,000 burst is mostly queueing behind the pool of connections: p50 ≈ half the burst, p99 ≈ the whole burst.',
      'CPU ms is the bench process\'s user + system time during the burst (the servers run in another process); on a shared machine it moves far less than latency.',
    ],
  });
  console.log(`\nwrote ${path}`);
} finally {
  await transport.close();
  await servers.close();
}
