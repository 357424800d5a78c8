// The target of every chaos case inside the guarantee, as assertions.
import { expect } from 'vitest';
import type { ChaosResult } from './cases.js';

/**
 * 0 reused refresh tokens, the family alive, the stored refresh token the one in force, at most
 * one extra token request, and failures only in `allowed` (phase → outcomes) for the workers
 * that lost their store.
 */
export function expectInsideGuarantee(result: ChaosResult, allowed: Readonly<Record<string, readonly string[]>> = {}): void {
  const context = `${result.fault}: ${JSON.stringify({ ...result, problems: undefined })}\n${result.problems.join('\n')}`;
  console.info(`[chaos] ${result.fault} (${result.store}): ${result.tokenRequests} token requests, ${result.issued} answered, ${result.reused} reused, extra ${result.extraTokenRequests}, stored is current: ${String(result.storedIsCurrent)}, ${result.ok} requests ok, failed ${JSON.stringify(result.failed)}${observedText(result)}`);
  expect(result.reused, context).toBe(0);
  expect(result.revoked, context).toBe(false);
  expect(result.storedIsCurrent, context).toBe(true);
  expect(result.extraTokenRequests, context).toBeLessThanOrEqual(1);
  expect(result.ok, context).toBeGreaterThan(0);
  const unexpected = Object.entries(result.failed).flatMap(([phase, counts]) =>
    Object.keys(counts).filter((outcome) => !(allowed[phase] ?? []).includes(outcome)).map((outcome) => `${phase}: ${outcome}`));
  expect(unexpected, context).toEqual([]);
}

/**
 * For a fault outside the guarantee: the harness saw what it caused — a refresh token presented
 * again, the family revoked, and the store's refresh token no longer the one in force.
 */
export function expectDetected(result: ChaosResult): void {
  const context = `${result.fault}: ${JSON.stringify({ ...result, problems: undefined })}\n${result.problems.join('\n')}`;
  console.info(`[chaos] ${result.fault} (${result.store}, outside the guarantee): ${result.reused} reused, revoked: ${String(result.revoked)}, stored is current: ${String(result.storedIsCurrent)}, failed ${JSON.stringify(result.failed)}${observedText(result)}`);
  expect(result.reused, context).toBeGreaterThan(0);
  expect(result.revoked, context).toBe(true);
  expect(result.storedIsCurrent, context).toBe(false);
}

function observedText(result: ChaosResult): string {
  return Object.keys(result.observed).length === 0 ? '' : `, observed ${JSON.stringify(result.observed)}`;
}
