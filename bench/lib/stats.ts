// Percentiles, medians and plain-text tables: the few statistics the parts print.

/** The `p`-th percentile (0–100) of `values` by nearest rank; NaN when empty. */
export function percentile(values: ArrayLike<number>, p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** The mean of the middle 80 % of `values` (the fastest and slowest tenth left out). */
export function trimmedMean(values: ArrayLike<number>): number {
  const sorted = Float64Array.from(values).sort();
  const cut = Math.floor(sorted.length * 0.1);
  let sum = 0;
  for (let index = cut; index < sorted.length - cut; index++) sum += sorted[index] as number;
  return sum / (sorted.length - 2 * cut);
}

/** The median of `values`; NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** p50/p99/max of latencies in milliseconds. */
export interface LatencySummary {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export function summarize(latencies: ArrayLike<number>): LatencySummary {
  return { p50: round(percentile(latencies, 50), 2), p99: round(percentile(latencies, 99), 2), max: round(percentile(latencies, 100), 2) };
}

/** Rounds to `digits` decimals (JSON stays readable). */
export function round(value: number, digits = 0): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** 12345.6 → "12,346"; NaN → "—". */
export function formatNumber(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return '—';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A ratio as "0.98×"; NaN → "—". */
export function formatRatio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : '—';
}

/** Prints a table with a title, right-aligning cells that look numeric. */
export function printTable(title: string, headers: readonly string[], rows: ReadonlyArray<readonly string[]>): void {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const numeric = /^[-+]?[\d,.]+(×|%| ms| MiB)?$|^—$/;
  const line = (cells: readonly string[]): string =>
    cells.map((cell, column) => (numeric.test(cell) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0))).join('  ');
  console.log(`\n${title}`);
  console.log(line(headers));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(line(row));
}

/** Lowest and highest of one ratio over several passes. */
export type RatioRange = readonly [number, number];

/** A ratio, with its range over the passes when there were several that differ. */
export function withRange(ratio: number, range: RatioRange | undefined): string {
  if (range === undefined || range[0] === range[1]) return formatRatio(ratio);
  return `${formatRatio(ratio)} (${range[0].toFixed(2)}–${range[1].toFixed(2)})`;
}
