import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCallgrindCounts } from '../../bench/lib/callgrind.js';

const directory = mkdtempSync(join(tmpdir(), 'authwire-callgrind-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function write(name: string, lines: readonly string[]): string {
  const path = join(directory, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

// Self costs: the JS function 180, CollectGarbage 400, EnsureSweepingCompleted 600, StringAdd 200,
// the task runner 20, the marking task 300: 1,700 in all. Garbage collection: the JS function's call
// into CollectGarbage (1,000, sweeping included) and the task runner's into the marking task (300);
// CollectGarbage's own call into EnsureSweepingCompleted is inside the first and not counted again.
const profile = [
  '# callgrind format',
  'version: 1',
  'creator: callgrind-3.19.0',
  'positions: line',
  'events: Ir',
  'summary: 1700',
  '',
  'ob=(1) /usr/bin/node',
  'fl=(1) ???',
  'fn=(1) Builtins_InterpreterEntryTrampoline',
  '10 100',
  '+2 50',
  'cob=(1)',
  'cfi=(1)',
  'cfn=(2) v8::internal::Heap::CollectGarbage(v8::internal::AllocationSpace, v8::internal::GarbageCollectionReason, v8::GCCallbackFlags)',
  'calls=1 0 ',
  '* 1000',
  '-1 30',
  'cfn=(3) v8::internal::Runtime_StringAdd(int, unsigned long*, v8::internal::Isolate*)',
  'calls=2 0 ',
  '* 200',
  '',
  'fl=(2) ./src/heap/heap.cc',
  'fn=(2)',
  '1700 400',
  'fi=(3) ./src/heap/heap-inl.h',
  'cfn=(4) v8::internal::Heap::EnsureSweepingCompleted(v8::internal::Heap::SweepingForcedFinalizationMode)',
  'calls=1 0 ',
  '+5 600',
  'fe=(2)',
  '',
  'fn=(4)',
  '0 600',
  '',
  'fn=(3)',
  '0 200',
  '',
  'fn=(5) v8::internal::IncrementalMarkingJob::Task::RunInternal()',
  '0 300',
  '',
  'fl=(4) ./src/node_platform.cc',
  'fn=(6) node::PerIsolatePlatformData::RunForegroundTask(std::unique_ptr<v8::Task, std::default_delete<v8::Task> >)',
  '400 20',
  'cfn=(5)',
  'calls=1 0 ',
  '* 300',
  '',
  'totals: 1700',
];

describe('readCallgrindCounts', () => {
  it('sums self costs and the calls into the collector from outside it, each once', async () => {
    await expect(readCallgrindCounts(write('node.out', profile))).resolves.toEqual({ total: 1_700, garbageCollection: 1_300 });
  });

  it('counts nothing as garbage collection when nothing calls the collector', async () => {
    const path = write('no-gc.out', ['positions: line', 'events: Ir', 'fn=(1) main', '1 5', '+1 7', 'cfn=(2) helper', 'calls=1 1', '* 3', 'fn=(2)', '1 3']);
    await expect(readCallgrindCounts(path)).resolves.toEqual({ total: 15, garbageCollection: 0 });
  });

  it('refuses files with instruction addresses in the positions', async () => {
    await expect(readCallgrindCounts(write('instr.out', ['positions: instr line', 'events: Ir']))).rejects.toThrow(/positions "instr line"/);
  });
});
