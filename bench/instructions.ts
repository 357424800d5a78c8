// bench/instructions (opt-in: `npm run bench -- instructions`): what a whole request costs, counted
// in CPU instructions instead of seconds. Each client and variant runs in its own process under
// `valgrind --tool=callgrind` against the same local server: a warm-up uncounted, then requests one
// at a time, counted. Instruction counts do not move with other load on the machine, so they tell
// differences of a few per cent that timings on a shared machine cannot. Callgrind's out file, read
// after each job, splits off what V8's garbage collector spent.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { flags, numberFlag } from './lib/args.js';
import { readCallgrindCounts } from './lib/callgrind.js';
import { clientNames, type ClientName } from './lib/clients.js';
import { currentLoad, environment, writeResult } from './lib/env.js';
import { forkServers, type RemoteServers } from './lib/server-process.js';
import { formatNumber, median, printTable, round, withRange, type RatioRange } from './lib/stats.js';
import { variantNames, type ChildReport, type InstructionVariant } from './lib/instruction-variants.js';

// Long enough for V8 to finish compiling the hot paths: after 2,000 requests it still made about
// sixty optimizing compilations in the next 4,000, and the count included that compiler work.
const warmRequests = numberFlag('warm', 20_000);
const countedRequests = numberFlag('requests', 8_000);
const parallel = numberFlag('parallel', 2);
// Passes over every job. One pass's row can be off by a few per cent (how V8 compiled that
// process, where the major collections fell); with several, rows give the median and the range.
const runs = numberFlag('runs', 1);
// `--clients=ky,fetch`: a subset, for a quicker look at one pipeline.
const clients = (flags().get('clients')?.split(',') ?? clientNames).map((name) => {
  if (!clientNames.includes(name as ClientName)) throw new Error(`--clients: unknown client ${JSON.stringify(name)}; choose from ${clientNames.join(', ')}`);
  return name as ClientName;
});

/** One client and variant. With several passes, counts are medians and ratios medians of each pass's ratio. */
export interface InstructionRow {
  readonly client: ClientName;
  readonly variant: InstructionVariant;
  /** Passes over every job (absent in results written before passes existed: one). */
  readonly runs?: number;
  readonly instructionsPerRequest: number;
  /** Instructions per request in each pass. */
  readonly instructionsPerRequestByRun?: readonly number[];
  /** This variant's instructions per request ÷ the bare client's (in the same pass). */
  readonly ratioToBare: number;
  readonly ratioToBareRange?: RatioRange;
  /** ÷ the hand-written interceptor's. */
  readonly ratioToHandWritten: number;
  readonly ratioToHandWrittenRange?: RatioRange;
  /** Of `instructionsPerRequest`, those spent in V8's garbage collector (calls into it from outside it, inclusive). */
  readonly gcInstructionsPerRequest: number;
  /** `instructionsPerRequest` less `gcInstructionsPerRequest`: what moves less with where the major collections fall. */
  readonly instructionsWithoutGcPerRequest: number;
  /** This variant's instructions per request without garbage collection ÷ the bare client's. */
  readonly ratioToBareWithoutGc: number;
  readonly ratioToBareWithoutGcRange?: RatioRange;
  /** ÷ the hand-written interceptor's, both without garbage collection. */
  readonly ratioToHandWrittenWithoutGc: number;
  readonly ratioToHandWrittenWithoutGcRange?: RatioRange;
  /** Major collections in the counted window (the median over passes). */
  readonly majorGcs: number;
  readonly majorGcsByRun?: readonly number[];
  readonly minorGcs: number;
  readonly minorGcsByRun?: readonly number[];
  /** Failed requests over all passes. */
  readonly failed: number;
}

interface Measured extends ChildReport {
  readonly client: ClientName;
  readonly variant: InstructionVariant;
  readonly run: number;
  readonly instructions: number;
  readonly gcInstructions: number;
}

// One thread for compiling and collecting garbage: with helper threads, how much of their work
// falls in the counted window would depend on timing. The heap is fixed at what a default Node 20
// process settles at under this load (16 MB semi-spaces; the old generation let grow 4× between
// full collections, which gave the 3–5 per 20,000 fetch requests of a default process), so that
// collections come when allocation calls for them, not when timing does. --predictable-gc-schedule,
// used before, fixes it far smaller (4 MB, 1.3×): 3.6× the scavenges and 5× the full collections
// of a default process, which made garbage collection 40 % of every count. (A forced collection
// just before the window, tried too, made a fetch request's work outside GC 1.5-1.7x in it.)
const nodeFlags = ['--single-threaded', '--min-semi-space-size=16', '--max-semi-space-size=16', '--heap-growing-percent=300', '--no-memory-reducer'];

const childScript = fileURLToPath(new URL('./instructions-child.js', import.meta.url));

function run(command: string, args: readonly string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error !== null) reject(new Error(`${command} failed: ${error.message}\n${stderr.slice(-2_000)}`));
      else resolve({ stdout, stderr });
    });
  });
}

async function valgrindVersion(): Promise<string | undefined> {
  try {
    return (await run('valgrind', ['--version'])).stdout.trim();
  } catch {
    return undefined;
  }
}

async function measure(client: ClientName, variant: InstructionVariant, pass: number, servers: RemoteServers, outDir: string): Promise<Measured> {
  const outFile = join(outDir, `${client}-${variant.replace(/[^a-z0-9]+/gi, '-')}-${pass}.out`);
  const { stdout, stderr } = await run('valgrind', [
    '--tool=callgrind', '--instr-atstart=no', `--callgrind-out-file=${outFile}`,
    process.execPath, ...nodeFlags, childScript,
    client, variant, servers.apiOrigin, servers.tokenUrl, String(warmRequests), String(countedRequests),
  ]);
  const collected = /Collected\s*:\s*(\d+)/.exec(stderr)?.[1];
  const last = stdout.trim().split('\n').at(-1) ?? '';
  if (collected === undefined) throw new Error(`${client} ${variant}: callgrind reported no count\n${stderr.slice(-2_000)}`);
  const report = JSON.parse(last) as ChildReport;
  const counts = await readCallgrindCounts(outFile);
  await rm(outFile);
  // The parser's total is the same sum callgrind reports; if they differ, the parser is wrong.
  if (Math.abs(counts.total - Number(collected)) > Number(collected) * 0.001) {
    throw new Error(`${client} ${variant}: the out file sums to ${counts.total} instructions, callgrind collected ${collected}`);
  }
  return { client, variant, run: pass, instructions: Number(collected), gcInstructions: counts.garbageCollection, ...report };
}

const started = performance.now();
const env = environment();
console.log(`bench/instructions — ${env.node}, ${env.cpu} × ${env.cores}, load ${env.loadAverageAtStart}`);
const valgrind = await valgrindVersion();
if (valgrind === undefined) {
  console.error('\n*** valgrind is not installed: bench/instructions counts nothing and writes no result. (Debian: apt-get install valgrind)\n');
  process.exit(0);
}
const servers = await forkServers({ tokenDelayMs: 5, tokenLifetimeSeconds: 86_400 });
const outDir = await mkdtemp(join(tmpdir(), 'authwire-callgrind-'));
try {
  console.log(`${valgrind}; ${formatNumber(warmRequests)} requests to warm up, then ${formatNumber(countedRequests)} counted, one at a time; ${parallel} processes at once; ${runs} pass(es)`);
  const passes = Array.from({ length: runs }, (_, run) => run);
  const jobs = passes.flatMap((run) => clients.flatMap((client) => variantNames.map((variant) => [client, variant, run] as const)));
  const measured: Measured[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const [client, variant, run] = jobs[next++] as (typeof jobs)[number];
      const result = await measure(client, variant, run, servers, outDir);
      measured.push(result);
      console.log(`  ${runs > 1 ? `pass ${run + 1}: ` : ''}${client} ${variant}: ${formatNumber(Math.round(result.instructions / countedRequests))} instructions per request, ${formatNumber(Math.round(result.gcInstructions / countedRequests))} of them in GC`);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));

  // Every job was measured (a failed one rejects the run above).
  const measurementOf = (client: ClientName, variant: InstructionVariant, run: number): Measured =>
    measured.find((entry) => entry.client === client && entry.variant === variant && entry.run === run) as Measured;
  const perRequest = (client: ClientName, variant: InstructionVariant, run: number): number => measurementOf(client, variant, run).instructions / countedRequests;
  const withoutGcPerRequest = (client: ClientName, variant: InstructionVariant, run: number): number => {
    const { instructions, gcInstructions } = measurementOf(client, variant, run);
    return (instructions - gcInstructions) / countedRequests;
  };
  /** Median and range over the passes of `value(run)`. */
  const overPasses = (value: (run: number) => number): { median: number; range: RatioRange } => {
    const values = passes.map(value);
    return { median: median(values), range: [round(Math.min(...values), 3), round(Math.max(...values), 3)] };
  };
  const rows: InstructionRow[] = clients.flatMap((client) => variantNames.map((variant): InstructionRow => {
    const ratio = (of: (run: number) => number, to: (run: number) => number): { median: number; range: RatioRange } => overPasses((run) => of(run) / to(run));
    const own = (run: number): number => perRequest(client, variant, run);
    const ownWithoutGc = (run: number): number => withoutGcPerRequest(client, variant, run);
    const toBare = ratio(own, (run) => perRequest(client, 'bare', run));
    const toHand = ratio(own, (run) => perRequest(client, 'hand-written interceptor', run));
    const toBareWithoutGc = ratio(ownWithoutGc, (run) => withoutGcPerRequest(client, 'bare', run));
    const toHandWithoutGc = ratio(ownWithoutGc, (run) => withoutGcPerRequest(client, 'hand-written interceptor', run));
    const byRun = passes.map((run) => measurementOf(client, variant, run));
    return {
      client, variant, runs,
      instructionsPerRequest: Math.round(median(passes.map(own))), instructionsPerRequestByRun: passes.map((run) => Math.round(own(run))),
      ratioToBare: round(toBare.median, 3), ratioToBareRange: toBare.range,
      ratioToHandWritten: round(toHand.median, 3), ratioToHandWrittenRange: toHand.range,
      gcInstructionsPerRequest: Math.round(median(byRun.map((row) => row.gcInstructions / countedRequests))),
      instructionsWithoutGcPerRequest: Math.round(median(passes.map(ownWithoutGc))),
      ratioToBareWithoutGc: round(toBareWithoutGc.median, 3), ratioToBareWithoutGcRange: toBareWithoutGc.range,
      ratioToHandWrittenWithoutGc: round(toHandWithoutGc.median, 3), ratioToHandWrittenWithoutGcRange: toHandWithoutGc.range,
      majorGcs: median(byRun.map((row) => row.majorGcs)), majorGcsByRun: byRun.map((row) => row.majorGcs),
      minorGcs: median(byRun.map((row) => row.minorGcs)), minorGcsByRun: byRun.map((row) => row.minorGcs),
      failed: byRun.reduce((sum, row) => sum + row.failed, 0),
    };
  }));
  printTable(
    'Instructions per whole request (callgrind; GET /open, one at a time, after a warm-up)',
    ['client', 'variant', 'instructions/req', '× bare', '× hand', 'GC/req', 'without GC/req', '× bare w/o GC', '× hand w/o GC', 'major GCs', 'minor GCs', 'failed'],
    rows.map((row) => [
      row.client, row.variant, formatNumber(row.instructionsPerRequest), withRange(row.ratioToBare, row.ratioToBareRange), withRange(row.ratioToHandWritten, row.ratioToHandWrittenRange),
      formatNumber(row.gcInstructionsPerRequest), formatNumber(row.instructionsWithoutGcPerRequest),
      withRange(row.ratioToBareWithoutGc, row.ratioToBareWithoutGcRange), withRange(row.ratioToHandWrittenWithoutGc, row.ratioToHandWrittenWithoutGcRange),
      (row.majorGcsByRun ?? [row.majorGcs]).join('/'), (row.minorGcsByRun ?? [row.minorGcs]).join('/'), String(row.failed),
    ]),
  );
  const path = writeResult({
    name: 'instructions',
    description: 'CPU instructions per whole request through each client and auth variant, counted with callgrind.',
    environment: env,
    loadAverageAtEnd: currentLoad(),
    durationSeconds: round((performance.now() - started) / 1_000),
    conditions: {
      warmRequests, countedRequests, runs, concurrency: 1, valgrind,
      nodeFlags: nodeFlags.join(' '),
      server: 'node:http on 127.0.0.1 in a child process (not counted); GET /open answers {"ok":true}',
      counted: 'the client process only, from the first counted request to the last response, garbage collection included',
      gcSplit: 'garbage collection is the inclusive cost, in callgrind\'s out file, of the calls into V8\'s collector entry points (allocation-triggered collections, GC tasks, sweeping) from functions outside the collector',
    },
    targets: { requests: 'the instruction ratio is the CPU side of "authwire ≥ 0.97 × the bare client"; the hand-written interceptor shows what setting one header costs' },
    results: rows,
    notes: [
      'callgrind runs the process about 50 times slower; what is counted is instructions, so the figures do not depend on the machine\'s other load.',
      'A major garbage collection costs about as much as a few hundred requests: the counts move by a few per cent with the number of them that fall in the window, shown beside each row.',
      'The figures without GC subtract the inclusive cost of the calls into V8\'s garbage collector from outside it (read from callgrind\'s out file; its total is checked against callgrind\'s own count), so they move less with where the collections fall.',
    ],
  });
  console.log(`\nwrote ${path}`);
} finally {
  await servers.close();
  await rm(outDir, { recursive: true, force: true });
}
