// The `state` of an authorization request, for servers that limit its length or characters
// (Airbyte's "Configurable State Query Param", `state: { min, max }`).
import { randomInt } from 'node:crypto';
import { invalidConfig } from '../../errors.js';
import { randomToken } from './pkce.js';

/**
 * How the `state` of an authorization request is generated: a length from `min` to `max`
 * characters (picked at random each time) drawn from `charset`. Without it, the state is 43
 * base64url characters (256 random bits).
 *
 * @example
 * ```ts
 * const state: StateShape = { min: 16, max: 27 }; // Airbyte's `state: { min, max }` (min 16 or more)
 * ```
 */
export interface StateShape {
  /** The shortest state, in characters: 16 or more (16 alphanumeric characters carry 95 random bits). */
  readonly min: number;
  /** The longest state, in characters, from `min` to 512. */
  readonly max: number;
  /** The characters used. Default `alphanumeric` (`A-Z`, `a-z`, `0-9`); `base64url` adds `-` and `_`. */
  readonly charset?: 'alphanumeric' | 'base64url';
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const charsets = { alphanumeric: ALPHANUMERIC, base64url: `${ALPHANUMERIC}-_` } as const;
const MIN_LENGTH = 16;
const MAX_LENGTH = 512;

/** `state`, checked: the characters to draw from and the length range. */
export interface CheckedStateShape {
  readonly min: number;
  readonly max: number;
  readonly characters: string;
}

/** Checks the `state` option; errors name the field and never hold a value. */
export function checkStateShape(value: unknown): CheckedStateShape | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidConfig('state', `an object { min, max } giving the length of the state authwire generates (a fixed state is not possible)`);
  }
  const { min, max, charset = 'alphanumeric', ...rest } = value as { min?: unknown; max?: unknown; charset?: unknown };
  const unknown = Object.keys(rest)[0];
  if (unknown !== undefined) throw invalidConfig(`state.${unknown}`, "one of 'min', 'max', 'charset'");
  if (typeof min !== 'number' || !Number.isInteger(min) || min < MIN_LENGTH || min > MAX_LENGTH) {
    throw invalidConfig('state.min', `an integer from ${MIN_LENGTH} to ${MAX_LENGTH} (a shorter state is easier to guess)`);
  }
  if (typeof max !== 'number' || !Number.isInteger(max) || max < min || max > MAX_LENGTH) throw invalidConfig('state.max', `an integer from state.min to ${MAX_LENGTH}`);
  if (charset !== 'alphanumeric' && charset !== 'base64url') throw invalidConfig('state.charset', "'alphanumeric' or 'base64url'");
  return { min, max, characters: charsets[charset] };
}

/** A new state: of `shape` when given (each character drawn uniformly, no modulo bias), else {@link randomToken}. */
export function generateState(shape: CheckedStateShape | undefined): string {
  if (shape === undefined) return randomToken();
  const length = randomInt(shape.min, shape.max + 1);
  let state = '';
  for (let index = 0; index < length; index += 1) state += shape.characters.charAt(randomInt(shape.characters.length));
  return state;
}
