// bench/signing: authenticate() ops/s of the signing strategies beside bearer, on a POST with a
// 1 KiB JSON body (what the signers hash). Targets: SigV4 and hmac-sha256 RFC 9421 at least
// 100,000 ops/s. Each strategy runs `rounds` timed rounds of `batch` calls on fresh requests;
// the best round counts (other load only ever slows a round down). Beside wall-clock ops/s, the
// process CPU per call (process.cpuUsage, user + system, over each round): steadier than
// wall-clock on a shared machine, where another process's turn on the core stops the clock
// but not this one's CPU time.
import { generateKeyPairSync } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { awsSigV4Auth, bearerAuth, httpSignatureAuth, type Authenticator, type AuthRequest } from '../src/index.js';
import { numberFlag } from './lib/args.js';
import { currentLoad, environment, writeResult } from './lib/env.js';
import { formatNumber, median, printTable, round } from './lib/stats.js';

const rounds = numberFlag('rounds', 7);
const batch = numberFlag('batch', 20_000);
const target = 100_000;

const text = JSON.stringify({ data: 'x'.repeat(1_024 - 11) });
const body = new TextEncoder().encode(text);
const keys = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

const strategies: ReadonlyArray<{ name: string; auth: Authenticator; target?: number }> = [
  { name: 'bearer', auth: bearerAuth({ token: 'static-bench-token-0123456789abcdef' }) },
  { name: 'aws-sigv4', auth: awsSigV4Auth({ region: 'us-east-1', service: 'execute-api', credentials: keys }), target },
  { name: 'aws-sigv4 s3', auth: awsSigV4Auth({ region: 'us-east-1', service: 's3', credentials: keys }), target },
  { name: 'rfc9421 hmac-sha256', auth: httpSignatureAuth({ keyId: 'k', key: 'a shared secret of thirty-two b!', algorithm: 'hmac-sha256' }), target },
  { name: 'rfc9421 ed25519', auth: httpSignatureAuth({ keyId: 'k', key: generateKeyPairSync('ed25519').privateKey, algorithm: 'ed25519' }) },
  { name: 'rfc9421 ecdsa-p256-sha256', auth: httpSignatureAuth({ keyId: 'k', key: generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey, algorithm: 'ecdsa-p256-sha256' }) },
  { name: 'rfc9421 rsa-pss-sha512', auth: httpSignatureAuth({ keyId: 'k', key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, algorithm: 'rsa-pss-sha512' }) },
];

function request(): AuthRequest {
  return { method: 'POST', url: new URL('https://api.example.com/v1/items?page=2'), headers: new Headers({ 'content-type': 'application/json' }), body: { type: 'bytes', value: body } };
}

/** One strategy's row of bench/results/signing.json. */
export interface SigningResult {
  readonly strategy: string;
  readonly opsPerSecond: number;
  readonly medianOpsPerSecond: number;
  readonly opsPerSecondByRound: readonly number[];
  /** Process CPU µs per call (user + system): the least of the rounds, and their median. */
  readonly cpuMicrosPerOp: number;
  readonly medianCpuMicrosPerOp: number;
  readonly target?: number;
  readonly met?: boolean;
}

interface Round {
  readonly opsPerSecond: number;
  readonly cpuMicrosPerOp: number;
}

async function measure(auth: Authenticator, count: number): Promise<Round> {
  const requests = Array.from({ length: count }, request);
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (const each of requests) await auth.authenticate(each, { attempt: 0 });
  const elapsed = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { opsPerSecond: count / (elapsed / 1_000), cpuMicrosPerOp: (used.user + used.system) / count };
}

const started = performance.now();
const env = environment();
const results: SigningResult[] = [];
for (const { name, auth, target: goal } of strategies) {
  // RSA signs in milliseconds: fewer calls keep the part short.
  const count = name.includes('rsa') ? Math.max(200, Math.floor(batch / 50)) : batch;
  await measure(auth, Math.min(count, 2_000)); // warm-up
  const byRound: number[] = [];
  const cpuByRound: number[] = [];
  for (let index = 0; index < rounds; index++) {
    const measured = await measure(auth, count);
    byRound.push(round(measured.opsPerSecond));
    cpuByRound.push(measured.cpuMicrosPerOp);
  }
  const best = Math.max(...byRound);
  results.push({
    strategy: name, opsPerSecond: best, medianOpsPerSecond: round(median(byRound)), opsPerSecondByRound: byRound,
    cpuMicrosPerOp: round(Math.min(...cpuByRound), 2), medianCpuMicrosPerOp: round(median(cpuByRound), 2), ...(goal === undefined ? {} : { target: goal, met: best >= goal }) });
}

printTable(
  `authenticate() on a POST with a 1 KiB body: best of ${rounds} rounds`,
  ['strategy', 'ops/s (best)', 'ops/s (median)', 'CPU µs/op (least)', 'CPU µs/op (median)', 'target'],
  results.map((result) => [
    result.strategy, formatNumber(result.opsPerSecond), formatNumber(result.medianOpsPerSecond), formatNumber(result.cpuMicrosPerOp, 2), formatNumber(result.medianCpuMicrosPerOp, 2),
    result.target === undefined ? '' : `${formatNumber(result.target)} ${result.met === true ? 'met' : 'MISSED'}`,
  ]),
);
const path = writeResult({
  name: 'signing',
  description: 'authenticate() ops/s of the signing strategies (AWS SigV4, RFC 9421) beside bearer, on a POST with a 1 KiB body.',
  environment: env,
  loadAverageAtEnd: currentLoad(),
  durationSeconds: round((performance.now() - started) / 1_000),
  conditions: { rounds, batch, body: '1 KiB JSON as bytes', url: 'https://api.example.com/v1/items?page=2', rsaBatch: 'batch / 50, at least 200' },
  targets: { 'aws-sigv4': '>= 100,000 ops/s', 'rfc9421 hmac-sha256': '>= 100,000 ops/s' },
  results,
  notes: [
    'Each call signs a fresh request object (a new URL and Headers each, made before the round is timed), as an adapter hands over.',
    'CPU µs/op is process.cpuUsage() (user + system) over a round divided by its calls; garbage collection on other threads counts too.',
  ],
});
console.log(`\nwrote ${path}`);
