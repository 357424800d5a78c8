// Reads a callgrind out file (bench/instructions) and splits what it counted into V8's garbage
// collector and everything else.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** What one callgrind out file counted, in its first event (instructions, `Ir`, by default). */
export interface CallgrindCounts {
  /** Everything counted: the sum of every function's self cost. */
  readonly total: number;
  /** Of `total`, what V8's garbage collector spent: the inclusive cost of the calls into it. */
  readonly garbageCollection: number;
}

// Where the mutator enters the collector: tasks the platform runs (scavenge, incremental marking,
// memory reducer, sweeper), allocation failures (`Heap::CollectGarbage`), and the steps and sweeping
// that allocation triggers. The inclusive cost of a call into one of these is garbage collection.
const collectorEntryPoints =
  /v8::internal::(MinorGCJob::Task::RunInternal|IncrementalMarkingJob::Task::RunInternal|ScavengeJob::Task::RunInternal|MemoryReducer::TimerTask::RunInternal|IncrementalMarking::Observer::Step|Heap::CollectGarbage\(|Heap::CollectAllGarbage|Heap::CollectAllAvailableGarbage|Heap::HandleGCRequest|PagedSpaceBase::ContributeToSweepingMain|Heap::EnsureSweepingCompleted|Sweeper::\w*Task\w*::Run|Heap::FinalizeIncrementalMarkingAtomically|Heap::StartIncrementalMarking\()/;

// Functions that are themselves part of the collector. A call into an entry point from one of these
// is already inside an outer call's inclusive cost, so it is not counted a second time.
const insideCollector =
  /v8::internal::(MinorGCJob|IncrementalMarking|ScavengeJob|MemoryReducer|Heap::(CollectGarbage|CollectAllGarbage|CollectAllAvailableGarbage|HandleGCRequest|PerformGarbageCollection|Scavenge|MarkCompact|StartIncrementalMarking|FinalizeIncrementalMarking\w*|EnsureSweepingCompleted|GarbageCollection\w*|CompleteSweeping\w*)|Sweeper|MarkCompactCollector|ScavengerCollector|Scavenger|GCTracer)/;

// `fn=(12) name` the first time a name is used, `fn=(12)` after it (callgrind's default
// compression), or `fn=name` when written with --compress-strings=no.
const compressedName = /^\((\d+)\)(?: (.*))?$/;
const costLine = /^[\d+\-*]/;

/**
 * Reads a callgrind out file line by line and returns its total and the part of it spent in V8's
 * garbage collector.
 *
 * The total is the sum of the self costs. Garbage collection is the sum of the inclusive costs of
 * the call arcs into a collector entry point from a caller that is not itself inside the collector.
 * Names and positions may be compressed (`fn=(12)`, `+3`, `-2`, `*`); `cfn=` names share the
 * `fn=` table. Files with positions other than `line` (written with --dump-instr=yes) are refused.
 *
 * @example
 * ```ts
 * const { total, garbageCollection } = await readCallgrindCounts('/tmp/axios-bare.out');
 * console.log(`${((garbageCollection / total) * 100).toFixed(1)} % in the garbage collector`);
 * ```
 */
export async function readCallgrindCounts(path: string): Promise<CallgrindCounts> {
  const names = new Map<string, string>();
  const nameOf = (value: string): string => {
    const match = compressedName.exec(value);
    if (match === null) return value;
    const [, id = '', name] = match;
    if (name !== undefined) names.set(id, name);
    return names.get(id) ?? '';
  };

  let total = 0;
  let garbageCollection = 0;
  let caller = '';
  let callee = '';
  let nextIsCallCost = false;
  let lineNumber = 0;
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) {
    lineNumber += 1;
    if (line.startsWith('fn=')) caller = nameOf(line.slice(3));
    else if (line.startsWith('cfn=')) callee = nameOf(line.slice(4));
    else if (line.startsWith('calls=')) nextIsCallCost = true;
    else if (line.startsWith('positions:') && line.slice(10).trim() !== 'line') {
      throw new Error(`${path}:${lineNumber}: positions "${line.slice(10).trim()}" are not supported, only "line"`);
    } else if (costLine.test(line)) {
      const [, cost] = line.split(/\s+/);
      if (cost === undefined || cost === '') continue;
      if (!/^\d+$/.test(cost)) throw new Error(`${path}:${lineNumber}: not a cost line: ${line}`);
      if (!nextIsCallCost) total += Number(cost);
      else {
        nextIsCallCost = false;
        if (collectorEntryPoints.test(callee) && !insideCollector.test(caller)) garbageCollection += Number(cost);
      }
    }
  }
  return { total, garbageCollection };
}
