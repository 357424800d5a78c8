// One OriginPolicy per base URL an adapter meets, made once: building one parses every allowed origin.
import { createOriginPolicy, type OriginPolicy } from '../../src/entries/adapter-kit.js';
import { type AdapterOptions } from '../../src/index.js';

/** Most base URLs kept; a client that makes more gets a fresh policy for the others each time. */
const limit = 100;

/**
 * The {@link OriginPolicy} of `options` plus the client's base URL (axios `baseURL`, got
 * `prefixUrl`) or base origins (ky's prefixes), cached by them.
 */
export function originPolicies(options: AdapterOptions): (base?: string | readonly string[]) => OriginPolicy {
  // Built now, so that a bad `origins` entry fails when the adapter is made.
  const plain = createOriginPolicy(options);
  const policies = new Map<string, OriginPolicy>([['', plain]]);
  return (base = '') => {
    if (base.length === 0) return plain; // No base URL (nearly every call): no key to make.
    const key = typeof base === 'string' ? base : base.join(' ');
    let policy = policies.get(key);
    if (policy === undefined) {
      policy =
        typeof base === 'string'
          ? createOriginPolicy(options, base === '' ? undefined : base)
          : createOriginPolicy({ ...options, origins: [...(options.origins ?? []), ...base] });
      if (policies.size < limit) policies.set(key, policy);
    }
    return policy;
  };
}
