// bench/layers: where authwire's CPU per request goes in the fetch adapter, one layer at a time.
// Run by name (`npm run bench -- layers`): a tool for the CPU target, not a headline figure.
//
// The method of bench/headline (one request at a time against a keep-alive server in another
// process, variants interleaved request by request, process.cpuUsage() around each, the trimmed
// mean of the middle 80 %), with variants that each add one layer of what authFetch does:
//   hand-written  fetch(url, { method, headers: { authorization }, redirect: 'manual' })
//   + strategy    bearerAuth's authenticate() on a minimal request, its header sent
//   + kit attempt authenticateOutgoing(): the recording headers, the origin policy, what changed
//   + session     a RequestSession around that attempt: begin, and respond() on the answer
//   at hand       a RequestSession's beginAtHand() in place of begin(): the header sent as the
//                 strategy has it, without the request authenticate() edits (what the adapters do)
//   authFetch     the whole fetch pipeline (reading the call, redirects, the answer handed on)
// Each figure is a ratio to the hand-written variant; the differences between rows are what each
// layer costs. Against a real server these layers cost several times what they cost in a loop.
import { performance } from 'node:perf_hooks';
import { authFetch } from '../adapters/fetch.js';
import { RequestSession, authenticateOutgoing, createOriginPolicy } from '../src/entries/adapter-kit.js';
import { bearerAuth, type AuthBody, type AuthRequest } from '../src/index.js';
import { numberFlag } from './lib/args.js';
import { installTransport } from './lib/clients.js';
import { currentLoad, environment, writeResult } from './lib/env.js';
import { forkServers } from './lib/server-process.js';
import { formatNumber, printTable, round, trimmedMean } from './lib/stats.js';

const requests = numberFlag('requests', 5_000);
const warmup = numberFlag('warmup', 2_000);
const runs = numberFlag('runs', 2);
const TOKEN = 'static-bench-token-0123456789abcdef';

/** One layer's row of bench/results/layers.json. */
export interface LayerResult {
  readonly variant: string;
  /** Trimmed mean CPU µs per request, per run. */
  readonly cpuMicros: readonly number[];
  /** ÷ the hand-written variant of the same run. */
  readonly overHand: readonly number[];
}

const started = performance.now();
const env = environment();
const servers = await forkServers({ tokenDelayMs: 5, tokenLifetimeSeconds: 86_400 });
const transport = installTransport(8);
try {
  const url = `${servers.apiOrigin}/open`;
  const auth = bearerAuth({ token: TOKEN });
  const policy = createOriginPolicy({});
  const none: AuthBody = { type: 'none' };
  const noHeaders: Readonly<Record<string, string>> = {};
  const context = { attempt: 0 };
  const headerValue = `Bearer ${TOKEN}`;
  const sendWith = (authorization: string | null): Promise<Response> =>
    fetch(url, { method: 'GET', headers: authorization === null ? {} : { authorization }, redirect: 'manual' });

  /** The least a layer that calls a strategy can do: a request object, the call, the header read back. */
  const strategyOnly = (): Promise<Response> => {
    let parsed: URL | undefined;
    const headers = new Headers();
    const request = { method: 'GET', get url() { return (parsed ??= new URL(url)); }, headers, body: none } as AuthRequest;
    void auth.authenticate(request, context);
    return sendWith(headers.get('authorization'));
  };
  const kitAttempt = async (): Promise<Response> => {
    const sent = await authenticateOutgoing(auth, { method: 'GET', url, headers: noHeaders, body: none }, context, policy);
    return sendWith(sent.headers.get('authorization'));
  };
  const session = async (): Promise<Response> => {
    const current = new RequestSession({ authenticator: auth, policy, replayable: true });
    const begun = current.begin({ method: 'GET', url, headers: noHeaders, body: none });
    const sent = begun instanceof Promise ? await begun : begun;
    const response = await sendWith(sent.headers.get('authorization'));
    const retry = current.respond(response.status, response.headers);
    if (retry !== false) await retry;
    return response;
  };
  const atHand = async (): Promise<Response> => {
    const current = new RequestSession({ authenticator: auth, policy, replayable: true });
    const added = current.beginAtHand({ method: 'GET', url, headers: noHeaders, body: none });
    if (added === undefined) throw new Error('bearerAuth with a static token has its header at hand');
    const response = await fetch(url, { method: 'GET', headers: added, redirect: 'manual' });
    const retry = current.respond(response.status, response.headers);
    if (retry !== false) await retry;
    return response;
  };
  const pipeline = authFetch(auth);
  const variants: ReadonlyArray<{ readonly name: string; readonly send: () => Promise<Response> }> = [
    { name: 'bare fetch', send: () => fetch(url) },
    { name: 'hand-written', send: () => sendWith(headerValue) },
    { name: '+ strategy', send: strategyOnly },
    { name: '+ kit attempt', send: kitAttempt },
    { name: '+ session', send: session },
    { name: 'session at hand', send: atHand },
    { name: 'authFetch', send: () => pipeline(url) },
  ];

  const cpu = variants.map(() => [] as number[]);
  for (let run = 0; run < runs; run++) {
    const samples = variants.map(() => new Float64Array(requests));
    for (let index = 0; index < warmup + requests; index++) {
      for (let position = 0; position < variants.length; position++) {
        const variant = (position + index) % variants.length;
        const before = process.cpuUsage();
        const response = await (variants[variant] as (typeof variants)[number]).send();
        await response.json();
        const used = process.cpuUsage(before);
        if (response.status !== 200) throw new Error(`${(variants[variant] as (typeof variants)[number]).name}: status ${response.status}`);
        if (index >= warmup) (samples[variant] as Float64Array)[index - warmup] = used.user + used.system;
      }
    }
    samples.forEach((values, variant) => (cpu[variant] as number[]).push(trimmedMean(values)));
  }
  const hand = cpu[1] as number[];
  const results: LayerResult[] = variants.map((variant, index) => ({
    variant: variant.name,
    cpuMicros: (cpu[index] as number[]).map((value) => round(value, 1)),
    overHand: (cpu[index] as number[]).map((value, run) => round(value / (hand[run] as number), 3)),
  }));
  printTable(
    `fetch, layer by layer: CPU per request (trimmed mean, µs) and ÷ hand-written, ${runs} runs`,
    ['variant', ...Array.from({ length: runs }, (_, run) => `µs run ${run + 1}`), ...Array.from({ length: runs }, (_, run) => `× hand run ${run + 1}`)],
    results.map((row) => [row.variant, ...row.cpuMicros.map((value) => formatNumber(value, 1)), ...row.overHand.map((value) => value.toFixed(3))]),
  );
  const path = writeResult({
    name: 'layers',
    description: "Where authwire's CPU per request goes in the fetch adapter: each variant adds one layer of what authFetch does.",
    environment: env,
    loadAverageAtEnd: currentLoad(),
    durationSeconds: round((performance.now() - started) / 1_000),
    conditions: { requests, warmup, runs, url: '/open on a keep-alive node:http server in another process' },
    targets: { authFetch: '<= 1.03 x hand-written (the headline target)' },
    results,
    notes: ['The hand-written variant sends the same init as authFetch (method, headers, redirect: manual), so each row differs from the one above by one layer.'],
  });
  console.log(`\nwrote ${path}`);
} finally {
  await transport.close();
  await servers.close();
}
