// bench/chaos: the chaos suite's cases (test/chaos/cases.ts) for --rounds rounds (default 3):
// kill -9 of the lease holder before, during and after its token request on one Redis, the
// store black-holed for 5 s for half the processes, and a Sentinel failover mid-refresh with
// replicas: 1; 6 worker processes across axios, got, ky and fetch each time. Per case: token
// requests beyond one per refresh, reused refresh tokens, whether the stored refresh token was
// the one in force, failed requests. Writes bench/results/chaos.json.
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { blackholeHolder, failoverMidRefresh, killHolder, type ChaosResult } from '../test/chaos/cases.js';
import { redisStore, sentinelStore } from '../test/chaos/stores.js';
import { startRedisSentinel } from '../test/servers/redis-sentinel.js';
import { findRedisServer, startRedis } from '../test/servers/redis.js';
import { startTcpProxy } from '../test/servers/tcp-proxy.js';
import { numberFlag } from './lib/args.js';
import { currentLoad, environment, writeResult } from './lib/env.js';
import { printTable, round } from './lib/stats.js';

const rounds = numberFlag('rounds', 3);
const binary = findRedisServer();
if (binary === undefined) {
  console.error('bench/chaos needs redis-server');
  process.exit(1);
}
// Compiled next to this file by bench/tsconfig.build.json.
const script = fileURLToPath(new URL('../test/chaos/fixtures/worker.js', import.meta.url));
const started = performance.now();
const redis = await startRedis(binary);
const proxies = [await startTcpProxy(redis.port), await startTcpProxy(redis.port)] as const;
const sentinel = await startRedisSentinel(binary);
const results: ChaosResult[] = [];
try {
  const direct = { script, store: redisStore(redis.url), leaseMs: 1_500, storeTimeoutMs: 2_000 };
  const proxied = redisStore(redis.url, (index) => `redis://127.0.0.1:${proxies[index % 2]?.port ?? 0}`);
  for (let roundIndex = 0; roundIndex < rounds; roundIndex++) {
    for (const point of ['before-request', 'during-request', 'after-request'] as const) results.push(await killHolder(point, direct));
    results.push(await blackholeHolder({ script, store: proxied, proxies, leaseMs: 10_000, storeTimeoutMs: 1_000 }));
    results.push(await failoverMidRefresh({ script, store: sentinelStore(sentinel), sentinel, leaseMs: 10_000, storeTimeoutMs: 2_000 }));
    console.log(`round ${roundIndex + 1}/${rounds} done`);
  }
} finally {
  await sentinel.close();
  await Promise.all(proxies.map((proxy) => proxy.close()));
  await redis.close();
}

const failedCount = (result: ChaosResult): number => Object.values(result.failed).reduce((sum, counts) => sum + Object.values(counts).reduce((a, b) => a + b, 0), 0);
const faults = [...new Set(results.map((result) => result.fault))];
const rows = faults.map((fault) => {
  const runs = results.filter((result) => result.fault === fault);
  return {
    fault, rounds: runs.length,
    maxExtraTokenRequests: Math.max(...runs.map((run) => run.extraTokenRequests)),
    reusedRefreshTokens: runs.reduce((sum, run) => sum + run.reused, 0),
    revokedFamilies: runs.filter((run) => run.revoked).length,
    storedNotCurrent: runs.filter((run) => !run.storedIsCurrent).length,
    failedRequests: runs.reduce((sum, run) => sum + failedCount(run), 0),
    okRequests: runs.reduce((sum, run) => sum + run.ok, 0),
    failedOutcomes: [...new Set(runs.flatMap((run) => Object.entries(run.failed).flatMap(([phase, counts]) => Object.keys(counts).map((code) => `${phase}:${code}`))))],
  };
});
printTable('chaos: per fault over all rounds', ['fault', 'rounds', 'max extra token requests', 'reused', 'revoked', 'stored ≠ server', 'failed requests', 'ok'],
  rows.map((row) => [row.fault, String(row.rounds), String(row.maxExtraTokenRequests), String(row.reusedRefreshTokens), String(row.revokedFamilies), String(row.storedNotCurrent), `${row.failedRequests} ${row.failedOutcomes.join(' ')}`, String(row.okRequests)]));
const path = writeResult({
  name: 'chaos',
  description: 'The chaos suite for several rounds: 6 worker processes (axios, got, ky, fetch) sharing a RedisTokenStore and a strict rotating token server, one fault per case.',
  environment: environment(),
  loadAverageAtEnd: currentLoad(),
  durationSeconds: round((performance.now() - started) / 1_000, 1),
  conditions: { rounds, workers: 6, accessTokenLifeSeconds: 3, blackholeSeconds: 5 },
  targets: { maxExtraTokenRequests: '<= 1', reusedRefreshTokens: '0', revokedFamilies: '0', storedNotCurrent: '0', failedRequests: 'only while the store is unreachable and no valid token is cached' },
  results: { rows, runs: results.map(({ problems: _problems, ...run }) => run) },
  notes: ['failed requests count only the black-holed processes (fault, recover) and the failover (fault, recover); see docs/stores.md'],
});
console.log(`wrote ${path}`);
const missed = rows.filter((row) => row.maxExtraTokenRequests > 1 || row.reusedRefreshTokens > 0 || row.revokedFamilies > 0 || row.storedNotCurrent > 0);
if (missed.length > 0) {
  console.error(`target missed: ${missed.map((row) => row.fault).join(', ')}`);
  process.exitCode = 1;
}
