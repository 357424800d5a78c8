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
import { numberFlag } from './lib/args.js';
import { readCallgrindCounts } from './lib/callgrind.js';
import { clientNames, type ClientName } from './lib/clients.js';
import { currentLoad, environment, writeResult } from './lib/env.js';
import { forkServers, type RemoteServers } from './lib/server-process.js';
import { formatNumber, formatRatio, printTable, round } from './lib/stats.js';
import { variantNames, type ChildReport, type InstructionVariant } from './lib/instruction-variants.js';

// Long enough for V8 to finish compiling the hot paths: after 2,000 requests it still made about
// sixty optimizing compilations in the next 4,000, and the count included that compiler work.
const warmRequests = numberFlag('warm', 20_000);
const countedRequests = numberFlag('requests', 8_000);
const parallel = numberFlag('parallel', 2);

export interface InstructionRow {
  readonly client: ClientName;
  readonly variant: InstructionVariant;
  readonly instructionsPerRequest: number;
  /** This variant's instructions per request ÷ the bare client's. */
  readonly ratioToBare: number;
  /** ÷ the hand-written interceptor's. */
  readonly ratioToHandWritten: number;
  /** Of `instructionsPerRequest`, those spent in V8's garbage collector (calls into it from outside it, inclusive). */
  readonly gcInstructionsPerRequest: number;
  /** `instructionsPerRequest` less `gcInstructionsPerRequest`: what moves less with where the major collections fall. */
  readonly instructionsWithoutGcPerRequest: number;
  /** This variant's instructions per request without garbage collection ÷ the bare client's. */
  readonly ratioToBareWithoutGc: number;
  /** ÷ the hand-written interceptor's, both without garbage collection. */
  readonly ratioToHandWrittenWithoutGc: number;
  readonly majorGcs: number;
  readonly minorGcs: number;
  readonly failed: number;
}

interface Measured extends ChildReport {
  readonly client: ClientName;
  readonly variant: InstructionVariant;
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

async function measure(client: ClientName, variant: InstructionVariant, servers: RemoteServers, outDir: string): Promise<Measured> {
  const outFile = join(outDir, `${client}-${variant.replace(/[^a-z0-9]+/gi, '-')}.out`);
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
  return { client, variant, instructions: Number(collected), gcInstructions: counts.garbageCollection, ...report };
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
  console.log(`${valgrind}; ${formatNumber(warmRequests)} requests to warm up, then ${formatNumber(countedRequests)} counted, one at a time; ${parallel} processes at once`);
  const jobs = clientNames.flatMap((client) => variantNames.map((variant) => [client, variant] as const));
  const measured: Measured[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const [client, variant] = jobs[next++] as (typeof jobs)[number];
      const result = await measure(client, variant, servers, outDir);
      measured.push(result);
      console.log(`  ${client} ${variant}: ${formatNumber(Math.round(result.instructions / countedRequests))} instructions per request, ${formatNumber(Math.round(result.gcInstructions / countedRequests))} of them in GC`);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));

  // Every job was measured (a failed one rejects the run above).
  const measurementOf = (client: ClientName, variant: InstructionVariant): Measured =>
    measured.find((entry) => entry.client === client && entry.variant === variant) as Measured;
  const perRequest = (client: ClientName, variant: InstructionVariant): number => measurementOf(client, variant).instructions / countedRequests;
  const withoutGcPerRequest = (client: ClientName, variant: InstructionVariant): number => {
    const { instructions, gcInstructions } = measurementOf(client, variant);
    return (instructions - gcInstructions) / countedRequests;
  };
  const rows: InstructionRow[] = jobs.map(([client, variant]) => {
    const row = measurementOf(client, variant);
    const own = perRequest(client, variant);
    const ownWithoutGc = withoutGcPerRequest(client, variant);
    return {
      client, variant, instructionsPerRequest: Math.round(own),
      ratioToBare: round(own / perRequest(client, 'bare'), 3), ratioToHandWritten: round(own / perRequest(client, 'hand-written interceptor'), 3),
      gcInstructionsPerRequest: Math.round(row.gcInstructions / countedRequests), instructionsWithoutGcPerRequest: Math.round(ownWithoutGc),
      ratioToBareWithoutGc: round(ownWithoutGc / withoutGcPerRequest(client, 'bare'), 3),
      ratioToHandWrittenWithoutGc: round(ownWithoutGc / withoutGcPerRequest(client, 'hand-written interceptor'), 3),
      majorGcs: row.majorGcs, minorGcs: row.minorGcs, failed: row.failed,
    };
  });
  printTable(
    'Instructions per whole request (callgrind; GET /open, one at a time, after a warm-up)',
    ['client', 'variant', 'instructions/req', '× bare', '× hand', 'GC/req', 'without GC/req', '× bare w/o GC', '× hand w/o GC', 'major GCs', 'minor GCs', 'failed'],
    rows.map((row) => [
      row.client, row.variant, formatNumber(row.instructionsPerRequest), formatRatio(row.ratioToBare), formatRatio(row.ratioToHandWritten),
      formatNumber(row.gcInstructionsPerRequest), formatNumber(row.instructionsWithoutGcPerRequest), formatRatio(row.ratioToBareWithoutGc), formatRatio(row.ratioToHandWrittenWithoutGc),
      String(row.majorGcs), String(row.minorGcs), String(row.failed),
    ]),
  );
  const path = writeResult({
    name: 'instructions',
    description: 'CPU instructions per whole request through each client and auth variant, counted with callgrind.',
    environment: env,
    loadAverageAtEnd: currentLoad(),
    durationSeconds: round((performance.now() - started) / 1_000),
    conditions: {
      warmRequests, countedRequests, concurrency: 1, valgrind,
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
