// bench/headline: the per-request cost of authwire's bearerAuth beside a hand-written interceptor
// (or hook) that sets the same header, and beside the bare client, in axios, got, ky and fetch.
//
// CPU: one request at a time against a keep-alive server in another process, the three variants
// interleaved request by request (the order rotating), each request's CPU read with
// process.cpuUsage() before and after it (nothing else in flight), the trimmed mean of the middle
// 80 % per variant, after a warm-up. Throughput: requests/s with 8 in flight, interleaved rounds.
import { performance } from 'node:perf_hooks';
import { bearerAuth } from '../src/index.js';
import { numberFlag } from './lib/args.js';
import { authwireSender, bareSender, clientNames, handWrittenSender, installTransport, type ClientName, type Sender } from './lib/clients.js';
import { currentLoad, environment, writeResult } from './lib/env.js';
import { closedLoop } from './lib/load.js';
import { forkServers } from './lib/server-process.js';
import { formatNumber, median, printTable, round, trimmedMean } from './lib/stats.js';

const requests = numberFlag('requests', 4_000);
const warmup = numberFlag('warmup', 2_000);
const concurrency = numberFlag('concurrency', 8);
const throughputRounds = numberFlag('throughput-rounds', 6);
const throughputRequests = numberFlag('throughput-requests', 1_000);
const STATIC_TOKEN = 'static-bench-token-0123456789abcdef';

type VariantName = 'bare' | 'hand-written' | 'authwire bearerAuth';

/** One client's figures. */
export interface HeadlineRow {
  readonly client: ClientName;
  /** Trimmed mean (middle 80 %) of the CPU µs of one request, per variant. */
  readonly cpuMicros: Readonly<Record<VariantName, number>>;
  /** The hand-written interceptor's CPU ÷ the bare client's (expected 1.00–1.02). */
  readonly handOverBare: number;
  /** authwire's CPU ÷ the hand-written interceptor's (target ≤ 1.03). */
  readonly authwireOverHand: number;
  /** authwire's CPU − the hand-written interceptor's, µs. */
  readonly addedMicros: number;
  /** Requests/s with `concurrency` in flight, all rounds, per variant. */
  readonly requestsPerSecond: Readonly<Record<VariantName, number>>;
  /** Median over rounds of authwire's requests/s ÷ the hand-written interceptor's in the same round (target ≥ 0.97). */
  readonly rpsAuthwireOverHand: number;
  readonly failed: number;
}

async function measureClient(client: ClientName, senders: readonly Sender[]): Promise<HeadlineRow> {
  let failed = 0;
  const sendOnce = async (sender: Sender): Promise<void> => {
    const status = await sender.send();
    if (status !== 200) failed += 1;
  };
  for (let index = 0; index < warmup; index++) for (const sender of senders) await sendOnce(sender);

  const cpu = senders.map(() => new Float64Array(requests));
  for (let index = 0; index < requests; index++) {
    for (let position = 0; position < senders.length; position++) {
      const variant = (position + index) % senders.length;
      const before = process.cpuUsage();
      await sendOnce(senders[variant] as Sender);
      const used = process.cpuUsage(before);
      (cpu[variant] as Float64Array)[index] = used.user + used.system;
    }
    if (index % 500 === 0) process.stdout.write(`  ${client}: ${index}/${requests}\r`);
  }
  const means = cpu.map(trimmedMean);

  const done = senders.map(() => ({ requests: 0, ms: 0 }));
  const ratios: number[] = [];
  for (let index = 0; index < throughputRounds; index++) {
    const perSecond: number[] = [];
    for (let position = 0; position < senders.length; position++) {
      const variant = (position + index) % senders.length;
      const record = await closedLoop((senders[variant] as Sender).send, throughputRequests, concurrency);
      failed += record.failed;
      const entry = done[variant] as { requests: number; ms: number };
      entry.requests += record.latencies.length;
      entry.ms += record.durationMs;
      perSecond[variant] = (record.latencies.length / record.durationMs) * 1_000;
    }
    ratios.push((perSecond[2] as number) / (perSecond[1] as number));
  }
  const byVariant = <T>(values: readonly T[]): Record<VariantName, T> =>
    ({ bare: values[0], 'hand-written': values[1], 'authwire bearerAuth': values[2] }) as Record<VariantName, T>;
  const [bare, hand, authwire] = means as [number, number, number];
  return {
    client,
    cpuMicros: byVariant(means.map((value) => round(value, 1))),
    handOverBare: round(hand / bare, 3),
    authwireOverHand: round(authwire / hand, 3),
    addedMicros: round(authwire - hand, 1),
    requestsPerSecond: byVariant(done.map((entry) => round((entry.requests / entry.ms) * 1_000))),
    rpsAuthwireOverHand: round(median(ratios), 3),
    failed,
  };
}

const started = performance.now();
const env = environment();
console.log(`bench/headline — ${env.node}, ${env.cpu} × ${env.cores}, load ${env.loadAverageAtStart}`);
const servers = await forkServers({ tokenDelayMs: 5, tokenLifetimeSeconds: 86_400 });
const transport = installTransport(concurrency);
try {
  const url = `${servers.apiOrigin}/open`;
  console.log(`${formatNumber(warmup)} warm-up and ${formatNumber(requests)} counted requests per variant, one at a time; then ${throughputRounds} rounds × ${formatNumber(throughputRequests)} with ${concurrency} in flight`);
  const rows: HeadlineRow[] = [];
  for (const client of clientNames) {
    const senders = [bareSender(client, url, transport), handWrittenSender(client, url, transport, () => STATIC_TOKEN), authwireSender(client, url, transport, bearerAuth({ token: STATIC_TOKEN }))];
    rows.push(await measureClient(client, senders));
  }
  printTable(
    'authwire bearerAuth against a hand-written interceptor: CPU per request (trimmed mean, µs) and requests/s at concurrency 8 (targets: CPU ≤ 1.03 ×, req/s ≥ 0.97 ×)',
    ['client', 'bare µs', 'hand µs', 'authwire µs', 'hand × bare', 'authwire × hand', '+ µs', 'req/s bare', 'req/s hand', 'req/s authwire', 'req/s × hand', 'failed'],
    rows.map((row) => [
      row.client,
      formatNumber(row.cpuMicros.bare, 1),
      formatNumber(row.cpuMicros['hand-written'], 1),
      formatNumber(row.cpuMicros['authwire bearerAuth'], 1),
      row.handOverBare.toFixed(3),
      row.authwireOverHand.toFixed(3),
      formatNumber(row.addedMicros, 1),
      formatNumber(row.requestsPerSecond.bare),
      formatNumber(row.requestsPerSecond['hand-written']),
      formatNumber(row.requestsPerSecond['authwire bearerAuth']),
      row.rpsAuthwireOverHand.toFixed(3),
      String(row.failed),
    ]),
  );
  const path = writeResult({
    name: 'headline',
    description: 'CPU per request of authwire bearerAuth against a hand-written interceptor and the bare client, per client; requests/s at concurrency 8.',
    environment: env,
    loadAverageAtEnd: currentLoad(),
    durationSeconds: round((performance.now() - started) / 1_000),
    conditions: {
      requests, warmup, concurrency, throughputRounds, throughputRequests,
      method: 'one request at a time, the three variants interleaved request by request (order rotating); process.cpuUsage() before and after each request; trimmed mean of the middle 80 %',
      server: 'node:http on 127.0.0.1 in a child process, keep-alive; GET /open answers {"ok":true}',
      pools: `http.Agent keepAlive maxSockets ${concurrency} (axios, got); undici Agent connections ${concurrency} as the global dispatcher (fetch, ky)`,
    },
    targets: { cpu: 'authwire ≤ 1.03 × the hand-written interceptor', requestsPerSecond: 'authwire ≥ 0.97 × the hand-written interceptor' },
    results: rows,
    notes: ['The hand-written interceptor sets `Authorization: Bearer <token>` in the client\'s own hook (axios interceptor, got beforeRequest, ky beforeRequest, a fetch init).'],
  });
  console.log(`\nwrote ${path}`);
} finally {
  await transport.close();
  await servers.close();
}
