// Where a run happened, so a figure is never read without its conditions; and where results go.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The machine and software a result was measured on. */
export interface Environment {
  readonly date: string;
  readonly node: string;
  readonly platform: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  /** 1-minute load average when the part started: other work on the machine shows here. */
  readonly loadAverageAtStart: number;
  readonly commit: string;
  /** Whether the tree had uncommitted changes (others work in it at the same time). */
  readonly dirty: boolean;
  readonly versions: Readonly<Record<string, string>>;
}

/**
 * The repository root: the nearest directory above this file with authwire's package.json,
 * outside node_modules (the compiled benches run from bench/node_modules/.cache, where the build
 * puts a copy of that package.json).
 */
export const repoRoot: string = findRoot(dirname(fileURLToPath(import.meta.url)));

function findRoot(start: string): string {
  let directory = start;
  for (;;) {
    const manifest = join(directory, 'package.json');
    const inNodeModules = `${directory}${sep}`.includes(`${sep}node_modules${sep}`);
    if (!inNodeModules && existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'authwire') return directory;
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`authwire's package.json not found above ${start}`);
    directory = parent;
  }
}

/** The directory of the results JSON and SVG files. */
export const resultsDir: string = join(repoRoot, 'bench', 'results');

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

function installedVersion(name: string): string {
  try {
    const manifest = join(repoRoot, 'node_modules', name, 'package.json');
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
  } catch {
    return 'missing';
  }
}

/** Describes this machine now. */
export function environment(): Environment {
  const cpuList = cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpu: cpuList[0]?.model.trim() ?? 'unknown',
    cores: cpuList.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    loadAverageAtStart: Number((loadavg()[0] ?? 0).toFixed(2)),
    commit: git(['rev-parse', '--short', 'HEAD']) || 'unknown',
    dirty: git(['status', '--porcelain']) !== '',
    versions: Object.fromEntries(
      ['axios', 'got', 'ky', 'undici', 'axios-auth-refresh', '@badgateway/oauth2-client', 'ioredis', 'tinybench'].map((name) => [name, installedVersion(name)]),
    ),
  };
}

/** Every result file has this shape around its own figures. */
export interface ResultFile<T> {
  readonly name: string;
  readonly description: string;
  readonly environment: Environment;
  /** 1-minute load average when the part ended. */
  readonly loadAverageAtEnd: number;
  readonly durationSeconds: number;
  readonly conditions: Readonly<Record<string, unknown>>;
  readonly targets: Readonly<Record<string, string>>;
  readonly results: T;
  readonly notes: readonly string[];
}

/** Writes `bench/results/<name>.json` atomically (a temp file, then rename). */
export function writeResult<T>(result: ResultFile<T>): string {
  mkdirSync(resultsDir, { recursive: true });
  const path = join(resultsDir, `${result.name}.json`);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(result, null, 2)}\n`);
  renameSync(temporary, path);
  return path;
}

/** Reads `bench/results/<name>.json`, or `undefined` when that part has not run. */
export function readResult<T>(name: string): ResultFile<T> | undefined {
  const path = join(resultsDir, `${name}.json`);
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, 'utf8')) as ResultFile<T>;
}

/** The 1-minute load average now. */
export function currentLoad(): number {
  return Number((loadavg()[0] ?? 0).toFixed(2));
}
