// bench/overhead: what authwire costs per request.
//  1. authenticate() alone (tinybench): ops/s per strategy, beside a hand-written header set.
//  2. Whole requests per client (axios, got, ky, fetch) against one local server: interleaved
//     rounds of bare client / authwire bearer / authwire oauth2 (cached) / hand-written interceptor
//     (/ axios-auth-refresh / @badgateway/oauth2-client). requests/s, p50/p99, ratio to bare.
//  3. The same clients with a stub transport (no socket, no server): the auth layer's own CPU
//     cost per request, without the network's noise.
import { performance } from 'node:perf_hooks';
import { Bench } from 'tinybench';
import { apiKeyAuth, basicAuth, bearerAuth, jwtAuth, MemoryTokenStore, oauth2Auth, type AuthContext, type Authenticator, type AuthRequest } from '../src/index.js';
import { authenticateOutgoing, createOriginPolicy } from '../src/entries/adapter-kit.js';
import { numberFlag } from './lib/args.js';
import {
  authwireSender, axiosAuthRefreshSender, badgatewaySender, bareSender, clientNames, handWrittenSender, installTransport,
  type ClientName, type Sender, type Transport,
} from './lib/clients.js';
import { currentLoad, environment, writeResult } from './lib/env.js';
import { closedLoop, type RunRecord } from './lib/load.js';
import { forkServers } from './lib/server-process.js';
import { lastAuthorization, stubSender, type StubAuth } from './lib/stub-clients.js';
import { formatNumber, formatRatio, median, printTable, round, summarize, type LatencySummary } from './lib/stats.js';

const rounds = numberFlag('rounds', 20);
const requestsPerRound = numberFlag('requests', 1_000);
const concurrency = numberFlag('concurrency', 8);
const microTimeMs = numberFlag('micro-time', 1_000);
const microRounds = numberFlag('micro-rounds', 5);
const batch = 1_000;
const stubRounds = numberFlag('stub-rounds', 7);
const stubRequests = numberFlag('stub-requests', 20_000);

const CLIENT_ID = 'bench-overhead';
const CLIENT_SECRET = 'bench-overhead-secret';
const STATIC_TOKEN = 'static-bench-token-0123456789abcdef';

export interface MicroResult {
  readonly strategy: string;
  /** The best round's mean ops/s: other load on the machine only ever slows a round down. */
  readonly opsPerSecond: number;
  readonly medianOpsPerSecond: number;
  readonly opsPerSecondByRound: readonly number[];
  readonly target?: number;
}

export interface VariantResult {
  readonly client: ClientName;
  readonly variant: string;
  /** All rounds' requests ÷ all rounds' time. */
  readonly requestsPerSecond: number;
  readonly latencyMs: LatencySummary;
  /** Median over rounds of (this variant's requests/s ÷ the bare client's in the same round). */
  readonly ratioToBare: number;
  readonly ratioToBareRange: readonly [number, number];
  /** Median over rounds of (requests/s ÷ the hand-written interceptor's in the same round). */
  readonly ratioToHandWritten: number;
  /** Client-process CPU time (user + system) per request, median over rounds: less sensitive to other load than requests/s. */
  readonly cpuMicrosPerRequest: number;
  /** Median over rounds of (CPU per request − the bare client's in the same round). */
  readonly cpuAddedMicros: number;
  readonly failed: number;
}

export interface StubResult {
  readonly client: ClientName;
  readonly variant: string;
  /** The bench process's CPU time per request, median over rounds. */
  readonly cpuMicrosPerRequest: number;
  /** Median over rounds of (CPU per request - the bare client's in the same round). */
  readonly addedMicros: number;
  /** Median over rounds of (CPU per request - the hand-written hook's in the same round). */
  readonly addedOverHandWrittenMicros: number;
}

interface Round {
  readonly record: RunRecord;
  readonly cpuMicros: number;
}

// ---------------------------------------------------------------------------------------------
// 1. authenticate() alone

function authRequest(): AuthRequest {
  return { method: 'GET', url: new URL('http://127.0.0.1:8080/v1/items?page=2'), headers: new Headers({ accept: 'application/json' }), body: { type: 'none' } };
}

async function micro(tokenUrl: string): Promise<MicroResult[]> {
  const oauth2 = oauth2Auth({ grant: 'client_credentials', tokenUrl, clientId: `${CLIENT_ID}-micro`, clientSecret: CLIENT_SECRET, store: new MemoryTokenStore() });
  await oauth2.getToken(); // cached from here on: the bench measures the cached path only
  const jwt = jwtAuth({ secret: 'a-32-byte-secret-for-hs256-bench!', algorithm: 'HS256', iss: 'bench', lifetimeSeconds: 3_600 });
  const handWritten: Authenticator = {
    name: 'hand-written',
    authenticate: async (request) => {
      request.headers.set('Authorization', `Bearer ${STATIC_TOKEN}`);
    },
  };
  const strategies: ReadonlyArray<readonly [string, Authenticator, number | undefined]> = [
    ['hand-written header (reference)', handWritten, undefined],
    ['bearerAuth (static)', bearerAuth({ token: STATIC_TOKEN }), 1_000_000],
    ['apiKeyAuth (header)', apiKeyAuth({ key: STATIC_TOKEN, in: 'header', name: 'X-API-Key' }), undefined],
    ['basicAuth', basicAuth({ username: 'bench', password: 'secret' }), undefined],
    ['oauth2Auth (cached token)', oauth2, 1_000_000],
    ['jwtAuth (cached signature)', jwt, undefined],
  ];
  // What every adapter adds around authenticate(): copy the request, authenticate, diff.
  const policy = createOriginPolicy();
  const bearerForKit = bearerAuth({ token: STATIC_TOKEN });
  const outgoing = { method: 'GET', url: new URL('http://127.0.0.1:8080/v1/items?page=2'), headers: new Headers({ accept: 'application/json' }), body: { type: 'none' } } as const;

  const byRound = new Map<string, number[]>();
  for (let round = 0; round < microRounds; round++) {
    const bench = new Bench({ time: microTimeMs, warmupTime: 200, iterations: 10, timestampProvider: 'hrtimeNow' });
    for (const [name, strategy] of strategies) {
      const request = authRequest();
      bench.add(name, async () => {
        const started = bench.now();
        for (let index = 0; index < batch; index++) {
          const context: AuthContext = { attempt: 0 };
          await strategy.authenticate(request, context);
        }
        const elapsed = bench.now() - started;
        // Batches of 1,000 calls: one call is far below the timer's resolution.
        return { overriddenDuration: elapsed / batch, overriddenIterationCost: elapsed };
      });
    }
    bench.add('authenticateOutgoing(bearerAuth) (adapter kit, per attempt)', async () => {
      const started = bench.now();
      for (let index = 0; index < batch; index++) await authenticateOutgoing(bearerForKit, outgoing, { attempt: 0 }, policy);
      const elapsed = bench.now() - started;
      return { overriddenDuration: elapsed / batch, overriddenIterationCost: elapsed };
    });
    await bench.run();
    for (const task of bench.tasks) {
      const result = task.result;
      if (!('latency' in result)) throw new Error(`micro-benchmark ${task.name} did not complete (${result.state})`);
      const list = byRound.get(task.name) ?? [];
      list.push(1_000 / result.latency.mean);
      byRound.set(task.name, list);
    }
  }
  await oauth2.close();
  await jwt.close?.();
  const targets = new Map(strategies.map(([name, , target]) => [name, target]));
  return [...byRound].map(([strategy, values]) => {
    const target = targets.get(strategy);
    return {
      strategy, opsPerSecond: round(Math.max(...values)), medianOpsPerSecond: round(median(values)), opsPerSecondByRound: values.map((value) => round(value)),
      ...(target === undefined ? {} : { target }),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// 2. whole requests

interface Variant {
  readonly name: string;
  readonly sender: Sender;
}

async function variantsFor(client: ClientName, url: string, transport: Transport, tokenUrl: string, oauth2: Authenticator): Promise<Variant[]> {
  const list: Variant[] = [
    { name: 'bare', sender: bareSender(client, url, transport) },
    { name: 'authwire bearerAuth', sender: authwireSender(client, url, transport, bearerAuth({ token: STATIC_TOKEN })) },
    { name: 'authwire oauth2Auth (cached)', sender: authwireSender(client, url, transport, oauth2) },
    { name: 'hand-written interceptor', sender: handWrittenSender(client, url, transport, () => STATIC_TOKEN) },
  ];
  if (client === 'axios') {
    const setup = axiosAuthRefreshSender(url, transport, tokenUrl, `${CLIENT_ID}-aar`, CLIENT_SECRET);
    await setup.refresh(); // the initial, long-lived token: the 401 path is not exercised here
    list.push({ name: 'axios-auth-refresh', sender: setup.sender });
  }
  if (client === 'fetch') {
    const setup = badgatewaySender(url, tokenUrl, `${CLIENT_ID}-bgw`, CLIENT_SECRET);
    await setup.sender.send(); // fetches its token
    list.push({ name: '@badgateway/oauth2-client OAuth2Fetch', sender: setup.sender });
  }
  return list;
}

async function requestsPerClient(client: ClientName, variants: readonly Variant[]): Promise<VariantResult[]> {
  // Warm-up round (JIT, sockets), not counted.
  for (const variant of variants) await closedLoop(variant.sender.send, requestsPerRound, concurrency);
  const records = new Map<string, Round[]>(variants.map((variant) => [variant.name, []]));
  for (let index = 0; index < rounds; index++) {
    // Rotate the order each round so no variant always runs first (or right after GC-heavy work).
    // No forced gc() between runs: V8 drops much of its optimized code on a forced collection, and
    // the run after it would be re-optimizing the client and the auth layer instead of running them
    // (2-3x the optimizations, +50-100 µs per request; the longer code path pays more).
    const order = variants.map((_, position) => variants[(position + index) % variants.length] as Variant);
    for (const variant of order) {
      const cpu = process.cpuUsage();
      const record = await closedLoop(variant.sender.send, requestsPerRound, concurrency);
      const used = process.cpuUsage(cpu);
      records.get(variant.name)?.push({ record, cpuMicros: used.user + used.system });
    }
    process.stdout.write(`  ${client}: round ${index + 1}/${rounds}\r`);
  }
  const rps = (run: Round): number => (run.record.latencies.length / run.record.durationMs) * 1_000;
  const cpuPerRequest = (run: Round): number => run.cpuMicros / run.record.latencies.length;
  const bareRounds = records.get('bare') ?? [];
  const handRounds = records.get('hand-written interceptor') ?? [];
  return variants.map((variant) => {
    const variantRounds = records.get(variant.name) ?? [];
    const ratios = variantRounds.map((run, index) => rps(run) / rps(bareRounds[index] as Round));
    const handRatios = variantRounds.map((run, index) => rps(run) / rps(handRounds[index] as Round));
    const cpuAdded = variantRounds.map((run, index) => cpuPerRequest(run) - cpuPerRequest(bareRounds[index] as Round));
    const runs = variantRounds.map((run) => run.record);
    const all = new Float64Array(runs.reduce((sum, run) => sum + run.latencies.length, 0));
    let offset = 0;
    for (const run of runs) {
      all.set(run.latencies, offset);
      offset += run.latencies.length;
    }
    const totalMs = runs.reduce((sum, run) => sum + run.durationMs, 0);
    return {
      client,
      variant: variant.name,
      requestsPerSecond: round((all.length / totalMs) * 1_000),
      latencyMs: summarize(all),
      ratioToBare: round(median(ratios), 3),
      ratioToBareRange: [round(Math.min(...ratios), 3), round(Math.max(...ratios), 3)],
      ratioToHandWritten: round(median(handRatios), 3),
      cpuMicrosPerRequest: round(median(variantRounds.map(cpuPerRequest)), 1),
      cpuAddedMicros: round(median(cpuAdded), 1),
      failed: runs.reduce((sum, run) => sum + run.failed, 0),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// 3. the clients with a stub transport

async function stubCosts(oauth2: Authenticator): Promise<StubResult[]> {
  const url = 'https://api.example.com/v1/items';
  const variants: ReadonlyArray<readonly [string, StubAuth]> = [
    ['bare', { kind: 'bare' }],
    ['hand-written interceptor', { kind: 'hand-written', token: STATIC_TOKEN }],
    ['authwire bearerAuth', { kind: 'authwire', auth: bearerAuth({ token: STATIC_TOKEN }) }],
    ['authwire oauth2Auth (cached)', { kind: 'authwire', auth: oauth2 }],
  ];
  const results: StubResult[] = [];
  for (const client of clientNames) {
    const senders = variants.map(([name, auth]) => ({ name, auth, send: stubSender(client, url, auth), cpu: [] as number[] }));
    for (const sender of senders) {
      await closedLoop(sender.send, stubRequests, concurrency); // warm-up
      // A stub that never saw the credential would make authwire look free: check that it did.
      if ((sender.auth.kind === 'bare') !== (lastAuthorization.value === undefined)) {
        throw new Error(`${client} ${sender.name}: the stub transport saw Authorization ${String(lastAuthorization.value)}`);
      }
    }
    for (let index = 0; index < stubRounds; index++) {
      for (let position = 0; position < senders.length; position++) {
        const sender = senders[(position + index) % senders.length] as (typeof senders)[number];
        const cpu = process.cpuUsage();
        const record = await closedLoop(sender.send, stubRequests, concurrency);
        const used = process.cpuUsage(cpu);
        if (record.failed > 0) throw new Error(`${client} ${sender.name}: ${record.failed} stub requests failed`);
        sender.cpu.push((used.user + used.system) / stubRequests);
      }
      process.stdout.write(`  ${client}: stub round ${index + 1}/${stubRounds}\r`);
    }
    const [bare, hand] = senders;
    for (const sender of senders) {
      results.push({
        client,
        variant: sender.name,
        cpuMicrosPerRequest: round(median(sender.cpu), 2),
        addedMicros: round(median(sender.cpu.map((value, index) => value - (bare?.cpu[index] ?? 0))), 2),
        addedOverHandWrittenMicros: round(median(sender.cpu.map((value, index) => value - (hand?.cpu[index] ?? 0))), 2),
      });
    }
  }
  return results;
}


const started = performance.now();
const env = environment();
console.log(`bench/overhead — ${env.node}, ${env.cpu} × ${env.cores}, load ${env.loadAverageAtStart}`);
const servers = await forkServers({ tokenDelayMs: 5, tokenLifetimeSeconds: 86_400 });
const transport = installTransport(concurrency);
try {
  console.log(`\nauthenticate() alone: ${microRounds} rounds × ${microTimeMs} ms per strategy, batches of ${batch}`);
  const microResults = await micro(servers.tokenUrl);
  printTable(
    'authenticate() on one AuthRequest (ops/s: best round, and the median)',
    ['strategy', 'ops/s', 'median', 'target', 'rounds'],
    microResults.map((result) => [
      result.strategy,
      formatNumber(result.opsPerSecond),
      formatNumber(result.medianOpsPerSecond),
      result.target === undefined ? '' : `≥ ${formatNumber(result.target)}`,
      result.opsPerSecondByRound.map((value) => formatNumber(value)).join(' / '),
    ]),
  );

  const url = `${servers.apiOrigin}/open`;
  const oauth2 = oauth2Auth({ grant: 'client_credentials', tokenUrl: servers.tokenUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, store: new MemoryTokenStore() });
  await oauth2.getToken();
  console.log(`\nwhole requests: ${rounds} interleaved rounds × ${requestsPerRound} requests per variant, ${concurrency} in flight, keep-alive pools of ${concurrency}`);
  const requestResults: VariantResult[] = [];
  for (const client of clientNames) {
    const variants = await variantsFor(client, url, transport, servers.tokenUrl, oauth2);
    requestResults.push(...(await requestsPerClient(client, variants)));
  }
  console.log(`\nstub transport: ${stubRounds} interleaved rounds × ${formatNumber(stubRequests)} requests per variant, ${concurrency} in flight`);
  const stubResults = await stubCosts(oauth2);
  await oauth2.close();
  printTable(
    'CPU per request with a stub transport (no network): what the auth layer itself costs',
    ['client', 'variant', 'CPU µs/req', '+ µs vs bare', '+ µs vs hand-written'],
    stubResults.map((result) => [
      result.client, result.variant, formatNumber(result.cpuMicrosPerRequest, 1), formatNumber(result.addedMicros, 1), formatNumber(result.addedOverHandWrittenMicros, 1),
    ]),
  );
  printTable(
    'GET /open, requests/s and latency per client and variant, 8 in flight (the targets are bench/headline\'s)',
    ['client', 'variant', 'req/s', 'p50 ms', 'p99 ms', '× bare', 'range', '× hand', 'CPU µs/req', '+ µs vs bare', 'failed'],
    requestResults.map((result) => [
      result.client,
      result.variant,
      formatNumber(result.requestsPerSecond),
      formatNumber(result.latencyMs.p50, 2),
      formatNumber(result.latencyMs.p99, 2),
      formatRatio(result.ratioToBare),
      `${result.ratioToBareRange[0].toFixed(2)}–${result.ratioToBareRange[1].toFixed(2)}`,
      formatRatio(result.ratioToHandWritten),
      formatNumber(result.cpuMicrosPerRequest),
      formatNumber(result.cpuAddedMicros),
      String(result.failed),
    ]),
  );
  const path = writeResult({
    name: 'overhead',
    description: 'Per-request cost of authwire: authenticate() alone, and whole requests per client against a local node:http server.',
    environment: env,
    loadAverageAtEnd: currentLoad(),
    durationSeconds: round((performance.now() - started) / 1_000),
    conditions: {
      rounds, requestsPerRound, concurrency, microTimeMs, microRounds, microBatch: batch, stubRounds, stubRequests,
      stub: 'axios: a custom adapter; got: a request function handing back a response stream; ky and fetch: a fetch that answers at once. Each checks the request carried Authorization.',
      server: 'node:http on 127.0.0.1 in a child process; GET /open answers {"ok":true}',
      pools: `http.Agent keepAlive maxSockets ${concurrency} (axios, got); undici Agent connections ${concurrency} as the global dispatcher (fetch, ky, badgateway)`,
      clientOptions: 'got: retry 0, throwHttpErrors false, responseType json; ky: retry 0, timeout false, throwHttpErrors false; bodies read as JSON',
      oauth2: 'client_credentials against the local token server, token valid for 24 h and cached before measuring',
    },
    targets: {
      micro: 'bearerAuth and oauth2Auth (cached) ≥ 1,000,000 ops/s',
      requests: 'see bench/headline: CPU ≤ 1.03 × and requests/s ≥ 0.97 × the hand-written interceptor',
    },
    results: { micro: microResults, requests: requestResults, stub: stubResults },
    notes: [
      'authenticate() ops/s: the best of the rounds is reported (other load only ever slows a round down), with the median beside it.',
      'Ratios are medians of per-round ratios: each round runs every variant back to back, so a ratio compares runs made under the same machine load.',
      'The machine is shared (2 cores, other engineers running tests): absolute figures move between runs; ratios move less.',
      'Stub transport: the same clients answering in-process, so CPU per request is the client\'s and the auth layer\'s work alone; the difference to bare is the auth layer\'s cost, measured without the network\'s noise.',
      'CPU µs/request is the bench process\'s own user + system time divided by the requests of a round (the servers run in another process): it counts what the client and its auth layer cost, and is much less disturbed by other processes than requests/s.',
    ],
  });
  console.log(`\nwrote ${path}`);
} finally {
  await transport.close();
  await servers.close();
}
