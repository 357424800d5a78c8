// Turns bench/results/*.json into the charts (SVG, drawn here) and the generated part of
// docs/performance.md (between the bench:results markers). Run by `npm run bench` after the
// parts, or alone: `npm run bench -- publish`.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ClusterRow } from './cluster.js';
import type { HeadlineRow } from './headline.js';
import type { InstructionRow } from './instructions.js';
import { readResult, repoRoot, resultsDir, type ResultFile } from './lib/env.js';
import { formatNumber, formatRatio, withRange } from './lib/stats.js';
import { document, line, palette, rect, text } from './lib/svg.js';
import type { MicroResult, StubResult, VariantResult } from './overhead.js';
import type { SigningResult } from './signing.js';
import type { Snapshot } from './soak.js';
import type { StampedeRow } from './stampede.js';

interface OverheadResults {
  readonly micro: readonly MicroResult[];
  readonly requests: readonly VariantResult[];
  /** Absent from results written before the stub-transport part existed. */
  readonly stub?: readonly StubResult[];
}

type GcSplitField = 'gcInstructionsPerRequest' | 'instructionsWithoutGcPerRequest' | 'ratioToBareWithoutGc' | 'ratioToHandWrittenWithoutGc';

/** A row of bench/results/instructions.json: rows written before the garbage-collection split lack its fields. */
type PublishedInstructionRow = Omit<InstructionRow, GcSplitField> & Partial<Pick<InstructionRow, GcSplitField>>;

/** A row of bench/results/signing.json: rows written before the CPU column existed lack it. */
type PublishedSigningRow = Omit<SigningResult, 'cpuMicrosPerOp' | 'medianCpuMicrosPerOp'> & Partial<Pick<SigningResult, 'cpuMicrosPerOp' | 'medianCpuMicrosPerOp'>>;

interface SoakResults {
  readonly requests: number;
  readonly failed: number;
  readonly unauthorized: number;
  readonly tokenRequests: number;
  readonly skipped: number;
  readonly latencyMs: { readonly p50: number; readonly p99: number };
  readonly start: Snapshot;
  readonly end: Snapshot;
  readonly afterClose: Snapshot;
  readonly heapGrowthMiB: number;
  readonly samples: readonly Snapshot[];
  readonly leastLifeLeftMs?: number;
  readonly unauthorizedExpiredByMs?: readonly number[];
}

const docPath = join(repoRoot, 'docs', 'performance.md');
const startMarker = '<!-- bench:results:start -->';
const endMarker = '<!-- bench:results:end -->';

// ---------------------------------------------------------------------------------------------
// charts

/** Requests/s relative to the bare client, grouped by client; then the client CPU time each auth layer adds. */
function overheadChart(rows: readonly VariantResult[]): string {
  const clients = [...new Set(rows.map((row) => row.client))];
  const variants = [...new Set(rows.map((row) => row.variant))];
  const colour = (variant: string): string => palette[variants.indexOf(variant) % palette.length] ?? '#888';
  const barHeight = 14;
  const gap = 4;
  const left = 250;
  const plotWidth = 380;
  const body: string[] = [];

  const panel = (title: string, y0: number, value: (row: VariantResult) => number, label: (row: VariantResult) => string, include: (row: VariantResult) => boolean, marks: ReadonlyArray<readonly [number, string, string]>): number => {
    const shown = rows.filter(include);
    const max = Math.max(...shown.map(value), ...marks.map(([at]) => at)) * 1.05;
    const x = (amount: number): number => left + (Math.max(0, amount) / max) * plotWidth;
    body.push(text(16, y0, title, { size: 14, weight: 'bold' }));
    let y = y0 + 14;
    const top = y;
    for (const client of clients) {
      body.push(text(16, y + 10, client, { size: 13, weight: 'bold' }));
      y += 16;
      for (const row of shown.filter((item) => item.client === client)) {
        body.push(text(left - 8, y + barHeight - 3, row.variant, { anchor: 'end', size: 11 }));
        body.push(rect(left, y, x(value(row)) - left, barHeight, colour(row.variant), `${client} ${row.variant}: ${label(row)}`));
        body.push(text(x(value(row)) + 4, y + barHeight - 3, label(row), { size: 11 }));
        y += barHeight + gap;
      }
      y += 8;
    }
    for (const [index, [at, name, stroke]] of marks.entries()) {
      body.push(line(x(at), top, x(at), y - 6 + index * 12, stroke, stroke !== '#555'));
      body.push(text(x(at) + (index === 0 ? 4 : -4), y + 4 + index * 12, name, { anchor: index === 0 ? 'start' : 'end', size: 10, fill: stroke }));
    }
    return y + 24;
  };

  let y = panel(
    'Requests/s relative to the bare client (median of interleaved rounds; 1.0 = no cost)',
    26,
    (row) => row.ratioToBare,
    (row) => `${row.ratioToBare.toFixed(2)}× (${formatNumber(row.requestsPerSecond)}/s)`,
    () => true,
    [[1, '1.0 = bare', '#555']],
  );
  y = panel(
    'Client CPU time added per request, µs (median over rounds of the difference to the bare client)',
    y + 16,
    (row) => row.cpuAddedMicros,
    (row) => `${formatNumber(row.cpuAddedMicros)} µs (of ${formatNumber(row.cpuMicrosPerRequest)})`,
    (row) => row.variant !== 'bare',
    [],
  );
  return document(left + plotWidth + 190, y, body, 'authwire per-request overhead');
}

/** Expiry bursts: requests that saw a 401 and token requests per implementation; then p99 ÷ steady. */
function stampedeChart(rows: readonly StampedeRow[], burstSize: number): string {
  const expiry = rows.filter((row) => row.scenario === 'expiry');
  const timed = rows.filter((row) => row.scenario !== 'steady');
  const left = 430;
  const plotWidth = 330;
  const barHeight = 16;
  const body: string[] = [text(16, 26, `Burst of ${formatNumber(burstSize)} requests as the token expires: requests that saw a 401`, { size: 14, weight: 'bold' })];
  let y = 44;
  for (const row of expiry) {
    const width = (row.unauthorized / burstSize) * plotWidth;
    body.push(text(left - 8, y + barHeight - 4, row.implementation, { anchor: 'end', size: 11 }));
    body.push(rect(left, y, width, barHeight, row.implementation.startsWith('authwire') ? palette[2] : palette[5], `${row.implementation}`));
    body.push(
      text(left + width + 4, y + barHeight - 4, `${formatNumber(row.unauthorized)} saw 401 · ${row.tokenRequests} token request${row.tokenRequests === 1 ? '' : 's'} · ${formatNumber(row.failed)} failed`, { size: 11 }),
    );
    y += barHeight + 5;
  }
  y += 24;
  body.push(text(16, y, 'p99 latency of the burst ÷ p99 of the same burst with a fresh token', { size: 14, weight: 'bold' }));
  y += 16;
  const maxRatio = Math.max(2, ...timed.map((row) => row.p99VsSteady ?? 0));
  const x = (ratio: number): number => left + (ratio / maxRatio) * plotWidth;
  const top = y;
  for (const row of timed) {
    const ratio = row.p99VsSteady ?? 0;
    body.push(text(left - 8, y + barHeight - 4, `${row.implementation} — ${row.scenario === 'window' ? 'in refresh window' : 'at expiry'}`, { anchor: 'end', size: 11 }));
    body.push(rect(left, y, x(ratio) - left, barHeight, row.scenario === 'window' ? palette[1] : palette[0]));
    body.push(text(x(ratio) + 4, y + barHeight - 4, formatRatio(ratio), { size: 11 }));
    y += barHeight + 5;
  }
  body.push(line(x(1), top - 4, x(1), y, '#555'));
  body.push(line(x(1.1), top - 4, x(1.1), y, '#cf222e', true));
  body.push(text(x(1.1) + 2, y + 14, 'target ≤ 1.1 (refresh window)', { size: 10, fill: '#cf222e' }));
  return document(left + plotWidth + 300, y + 30, body, 'authwire at token expiry under load');
}

// ---------------------------------------------------------------------------------------------
// markdown

function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const numeric = /^[-+≈≤≥ ]*[\d,.]+(×| ms| MiB|%)?$/;
  const align = headers.map((_, column) => (rows.every((row) => numeric.test(row[column] ?? '') || (row[column] ?? '') === '' || row[column] === '—') ? '---:' : '---'));
  return [`| ${headers.join(' | ')} |`, `| ${align.join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

function conditions(result: ResultFile<unknown>): string {
  const env = result.environment;
  const extra = Object.entries(result.conditions)
    .filter(([, value]) => typeof value === 'number')
    .map(([name, value]) => `${name} ${String(value)}`)
    .join(', ');
  return `_${env.date.slice(0, 16).replace('T', ' ')} UTC · Node ${env.node} · ${env.cpu} × ${env.cores} · load average ${env.loadAverageAtStart} → ${result.loadAverageAtEnd} · ${extra}_`;
}

function headlineSection(result: ResultFile<readonly HeadlineRow[]>): string {
  const rows = result.results;
  return [
    '### authwire against a hand-written interceptor',
    '',
    conditions(result),
    '',
    `CPU per request: one request at a time against a keep-alive server in another process, bare client, hand-written interceptor and authwire \`bearerAuth\` interleaved request by request, each request's CPU (\`process.cpuUsage\` before and after) recorded; the trimmed mean of the middle 80 % of ${formatNumber(Number(result.conditions.requests))} requests per variant after ${formatNumber(Number(result.conditions.warmup))} to warm up. Requests/s: ${String(result.conditions.throughputRounds)} interleaved rounds of ${formatNumber(Number(result.conditions.throughputRequests))} requests with ${String(result.conditions.concurrency)} in flight. Targets: CPU ≤ 1.03 × and requests/s ≥ 0.97 × the hand-written interceptor.`,
    '',
    table(
      ['client', 'bare µs', 'hand-written µs', 'authwire µs', 'hand-written × bare', 'authwire × hand-written', 'authwire + µs', 'req/s hand-written', 'req/s authwire', 'req/s × hand-written'],
      rows.map((row) => [
        row.client,
        formatNumber(row.cpuMicros.bare, 1),
        formatNumber(row.cpuMicros['hand-written'], 1),
        formatNumber(row.cpuMicros['authwire bearerAuth'], 1),
        `${row.handOverBare.toFixed(2)}×`,
        `${row.authwireOverHand.toFixed(2)}×`,
        formatNumber(row.addedMicros, 1),
        formatNumber(row.requestsPerSecond['hand-written']),
        formatNumber(row.requestsPerSecond['authwire bearerAuth']),
        `${row.rpsAuthwireOverHand.toFixed(2)}×`,
      ]),
    ),
  ].join('\n');
}

function overheadSection(result: ResultFile<OverheadResults>): string {
  const { micro, requests, stub = [] } = result.results;
  return [
    '### Overhead per request',
    '',
    conditions(result),
    '',
    '`authenticate()` alone on one `AuthRequest` (tinybench, batches of 1,000 awaited calls; the best of the rounds, since other load only slows a round down, and the median):',
    '',
    table(
      ['strategy', 'ops/s (best round)', 'median of rounds', 'target'],
      micro.map((row) => [
        row.strategy, formatNumber(row.opsPerSecond), row.medianOpsPerSecond === undefined ? '' : formatNumber(row.medianOpsPerSecond),
        row.target === undefined ? '' : `≥ ${formatNumber(row.target)}`,
      ]),
    ),
    '',
    `Whole requests (GET, small JSON answer) against a local node:http server, ${String(result.conditions.concurrency)} in flight, rounds interleaved:`,
    '',
    table(
      ['client', 'variant', 'req/s', 'p50 ms', 'p99 ms', '× bare', 'rounds (× bare)', '× hand-written', 'CPU µs/req', 'µs added'],
      requests.map((row) => [
        row.client, row.variant, formatNumber(row.requestsPerSecond), formatNumber(row.latencyMs.p50, 2), formatNumber(row.latencyMs.p99, 2),
        formatRatio(row.ratioToBare), `${row.ratioToBareRange[0].toFixed(2)}–${row.ratioToBareRange[1].toFixed(2)}`, formatRatio(row.ratioToHandWritten),
        formatNumber(row.cpuMicrosPerRequest), row.variant === 'bare' ? '' : formatNumber(row.cpuAddedMicros),
      ]),
    ),
    '',
    'Target: authwire ≥ 0.97 × the bare client with a cached token, and not slower than the hand-written interceptor beyond noise.',
    '',
    ...(stub.length === 0
      ? []
      : [
          `The same clients with a stub transport (an axios adapter, a got \`request\` function and a fetch that answer at once, in the same process): no socket, no server, so the CPU a request costs is the client's and the auth layer's alone, free of the network's noise. ${String(result.conditions.stubRounds)} interleaved rounds of ${formatNumber(Number(result.conditions.stubRequests))} requests, ${String(result.conditions.concurrency)} in flight; medians:`,
          '',
          table(
            ['client', 'variant', 'CPU µs/req', 'µs added vs bare', 'µs added vs hand-written'],
            stub.map((row) => [
              row.client, row.variant, formatNumber(row.cpuMicrosPerRequest, 1),
              row.variant === 'bare' ? '' : formatNumber(row.addedMicros, 1), row.variant === 'bare' ? '' : formatNumber(row.addedOverHandWrittenMicros, 1),
            ]),
          ),
          '',
        ]),
    '![Requests/s relative to the bare client](../bench/results/overhead.svg)',
  ].join('\n');
}

function signingSection(result: ResultFile<readonly PublishedSigningRow[]>): string {
  return [
    '### Signing',
    '',
    conditions(result),
    '',
    '`authenticate()` of the signing strategies beside bearer, on a POST with a 1 KiB JSON body (each call a fresh request): ops/s of the best round and the median, and the process CPU per call (`process.cpuUsage`, user + system) of the least round and the median:',
    '',
    table(
      ['strategy', 'ops/s (best round)', 'median of rounds', 'CPU µs/op (least)', 'CPU µs/op (median)', 'target'],
      result.results.map((row) => [
        row.strategy, formatNumber(row.opsPerSecond), formatNumber(row.medianOpsPerSecond),
        row.cpuMicrosPerOp === undefined ? '' : formatNumber(row.cpuMicrosPerOp, 2), row.medianCpuMicrosPerOp === undefined ? '' : formatNumber(row.medianCpuMicrosPerOp, 2),
        row.target === undefined ? '' : `≥ ${formatNumber(row.target)} (${row.met === true ? 'met' : 'missed'})`,
      ]),
    ),
  ].join('\n');
}

function instructionsSection(result: ResultFile<readonly PublishedInstructionRow[]>): string {
  const split = result.results.some((row) => row.gcInstructionsPerRequest !== undefined);
  const runs = Number(result.conditions.runs ?? 1);
  const orDash = (value: number | undefined, format: (value: number) => string): string => (value === undefined ? '—' : format(value));
  return [
    '### Instructions per whole request',
    '',
    conditions(result),
    '',
    `Each client and variant in its own process under \`valgrind --tool=callgrind\` (${String(result.conditions.valgrind)}), Node with \`${String(result.conditions.nodeFlags)}\`: ${formatNumber(Number(result.conditions.warmRequests))} requests to warm up, not counted, then ${formatNumber(Number(result.conditions.countedRequests))} counted, one at a time, against the same local server (not counted).${runs > 1 ? ` ${runs} passes over every client and variant, each job in a fresh process: counts are the median of the passes, ratios the median of each pass's ratio with the lowest and highest in brackets, collections given per pass.` : ''} Garbage collection is included; the collections that fell in the counted window are shown, since one major collection moves a row by a few per cent.${split ? ' GC/req is the inclusive cost of the calls into V8\'s garbage collector from outside it, read from callgrind\'s out file; the ratios without GC are taken on what is left.' : ''}`,
    '',
    table(
      ['client', 'variant', 'instructions/req', '× bare', '× hand-written', 'GC/req', 'without GC/req', '× bare w/o GC', '× hand-written w/o GC', 'major GCs', 'minor GCs'],
      result.results.map((row) => [
        row.client, row.variant, formatNumber(row.instructionsPerRequest), withRange(row.ratioToBare, row.ratioToBareRange), withRange(row.ratioToHandWritten, row.ratioToHandWrittenRange),
        orDash(row.gcInstructionsPerRequest, formatNumber), orDash(row.instructionsWithoutGcPerRequest, formatNumber),
        orDash(row.ratioToBareWithoutGc, (ratio) => withRange(ratio, row.ratioToBareWithoutGcRange)),
        orDash(row.ratioToHandWrittenWithoutGc, (ratio) => withRange(ratio, row.ratioToHandWrittenWithoutGcRange)),
        (row.majorGcsByRun ?? [row.majorGcs]).join('/'), (row.minorGcsByRun ?? [row.minorGcs]).join('/'),
      ]),
    ),
  ].join('\n');
}

function stampedeSection(result: ResultFile<readonly StampedeRow[]>): string {
  return [
    '### Expiry under load',
    '',
    conditions(result),
    '',
    table(
      ['implementation', 'burst', 'token requests', 'saw a 401', 'failed', 'p50 ms', 'p99 ms', 'p50 ÷ steady', 'p99 ÷ steady', 'longest loop block ms', 'client CPU ms', 'CPU ÷ steady'],
      result.results.map((row) => [
        row.implementation, row.scenario, String(row.tokenRequests), formatNumber(row.unauthorized), formatNumber(row.failed),
        formatNumber(row.latencyMs.p50), formatNumber(row.latencyMs.p99),
        row.p50VsSteady === undefined ? '' : formatRatio(row.p50VsSteady), row.p99VsSteady === undefined ? '' : formatRatio(row.p99VsSteady),
        row.eventLoopMaxMs === undefined ? '' : formatNumber(row.eventLoopMaxMs),
        row.cpuMs === undefined ? '' : formatNumber(row.cpuMs),
        row.cpuVsSteady === undefined ? '' : formatRatio(row.cpuVsSteady),
      ]),
    ),
    '',
    'Targets: 1 token request per burst at expiry or in the refresh window, 0 requests that saw a 401, and p99 in the refresh window ≤ 1.1 × steady p99.',
    '',
    '![Token expiry under load](../bench/results/stampede.svg)',
  ].join('\n');
}

function clusterSection(result: ResultFile<readonly ClusterRow[]>): string {
  return [
    '### Across processes',
    '',
    conditions(result),
    '',
    table(
      ['store', 'seconds', 'requests', 'failed', 'saw a 401', 'token requests', 'refresh rounds', 'per refresh', 'most in 250 ms'],
      result.results.map((row) => [
        row.store, formatNumber(row.durationS, 1), formatNumber(row.requests), formatNumber(row.failed), formatNumber(row.unauthorized),
        formatNumber(row.tokenRequests), formatNumber(row.refreshes), row.tokenRequestsPerRefresh.toFixed(2), String(row.maxTokenRequestsWithin250ms),
      ]),
    ),
    '',
    'Targets: with a shared store 1 token request per refresh and 0 failed requests; with a memory store per process, about one per process.',
    ...result.notes.map((note) => `\n> **${note}**`),
  ].join('\n');
}

function soakSection(result: ResultFile<SoakResults>): string {
  const soak = result.results;
  return [
    '### Soak',
    '',
    conditions(result),
    '',
    table(
      ['measure', 'start', 'end', 'after close()', 'target'],
      [
        ['requests', '', formatNumber(soak.requests), '', ''],
        ['failed requests', '', formatNumber(soak.failed), '', '0'],
        ['requests that saw a 401 (then retried)', '', formatNumber(soak.unauthorized), '', '0'],
        ...(soak.unauthorizedExpiredByMs === undefined || soak.unauthorizedExpiredByMs.length === 0
          ? []
          : [['… arriving after the token expired by (max)', '', `${Math.max(...soak.unauthorizedExpiredByMs)} ms`, '', '']]),
        ...(soak.leastLifeLeftMs === undefined ? [] : [['least life left on a token when put on a request', '', `${formatNumber(soak.leastLifeLeftMs)} ms`, '', '≥ forced window']]),
        ['token requests', '', formatNumber(soak.tokenRequests), '', ''],
        ['heap used after GC', `${soak.start.heapUsedMiB} MiB`, `${soak.end.heapUsedMiB} MiB`, '', 'flat'],
        [
          'heap used after GC, every 5 s during the load',
          '',
          `${Math.min(...soak.samples.map((sample) => sample.heapUsedMiB))}–${Math.max(...soak.samples.map((sample) => sample.heapUsedMiB))} MiB`,
          '',
          'no trend',
        ],
        ['active handles (ref\'d)', String(soak.start.activeResources), String(soak.end.activeResources), String(soak.afterClose.activeResources), 'flat'],
        ['authwire timers (unref\'d included)', String(soak.start.authwireTimers), String(soak.end.authwireTimers), String(soak.afterClose.authwireTimers), '0 after close()'],
        ['latency p50 / p99', '', `${soak.latencyMs.p50} / ${soak.latencyMs.p99} ms`, '', ''],
      ],
    ),
  ].join('\n');
}

/** Writes the SVGs and the generated section of docs/performance.md from the JSON results present. */
export function publish(): void {
  const headline = readResult<readonly HeadlineRow[]>('headline');
  const overhead = readResult<OverheadResults>('overhead');
  const stampede = readResult<readonly StampedeRow[]>('stampede');
  const cluster = readResult<readonly ClusterRow[]>('cluster');
  const soak = readResult<SoakResults>('soak');
  const instructions = readResult<readonly PublishedInstructionRow[]>('instructions');
  const signing = readResult<readonly PublishedSigningRow[]>('signing');
  const sections: string[] = [];
  if (headline !== undefined) sections.push(headlineSection(headline));
  if (overhead !== undefined) {
    writeFileSync(join(resultsDir, 'overhead.svg'), overheadChart(overhead.results.requests));
    sections.push(overheadSection(overhead));
  }
  if (signing !== undefined) sections.push(signingSection(signing));
  if (instructions !== undefined) sections.push(instructionsSection(instructions));
  if (stampede !== undefined) {
    writeFileSync(join(resultsDir, 'stampede.svg'), stampedeChart(stampede.results, Number(stampede.conditions.burstSize)));
    sections.push(stampedeSection(stampede));
  }
  if (cluster !== undefined) sections.push(clusterSection(cluster));
  if (soak !== undefined) sections.push(soakSection(soak));
  if (!existsSync(docPath)) throw new Error(`${docPath} is missing`);
  const doc = readFileSync(docPath, 'utf8');
  const start = doc.indexOf(startMarker);
  const end = doc.indexOf(endMarker);
  if (start < 0 || end < start) throw new Error(`${docPath}: the markers ${startMarker} … ${endMarker} are missing`);
  const generated = `${startMarker}\n<!-- Generated by bench/publish.ts from bench/results/*.json: edit the script, not this part. -->\n\n${sections.join('\n\n')}\n\n`;
  writeFileSync(docPath, doc.slice(0, start) + generated + doc.slice(end));
  console.log(`wrote ${join('bench', 'results')}/*.svg and the results in docs/performance.md (${sections.length} parts)`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) publish();
