import { invalidConfig } from '../errors.js';
import type { OAuth2ParamName } from './common-options.js';

/** Parameter names and values authwire itself sets: extra params may not replace them. */
const reserved: readonly OAuth2ParamName[] = [
  'grant_type', 'client_id', 'client_secret', 'refresh_token', 'username', 'password', 'assertion', 'client_assertion', 'client_assertion_type',
];

/** Builds token-request bodies with the configured parameter names and extra parameters. */
export interface ParamBuilder {
  /** The wire name of a standard parameter. */
  name(param: OAuth2ParamName): string;
  /** A body from standard parameters (undefined values skipped), then the extra parameters. */
  build(entries: ReadonlyArray<readonly [OAuth2ParamName, string | readonly string[] | undefined]>): URLSearchParams;
}

/** Checks `paramNames` and `extraParams` at creation time and returns a {@link ParamBuilder}. */
export function createParamBuilder(
  paramNames: Readonly<Partial<Record<OAuth2ParamName, string>>> | undefined,
  extraParams: Readonly<Record<string, string>> | undefined,
): ParamBuilder {
  const names = new Map<OAuth2ParamName, string>();
  for (const [param, wire] of Object.entries(paramNames ?? {})) {
    if (typeof wire !== 'string' || wire === '' || /[\s&=]/.test(wire)) throw invalidConfig(`paramNames.${param}`, 'a parameter name without spaces, & or =');
    names.set(param as OAuth2ParamName, wire);
  }
  const name = (param: OAuth2ParamName): string => names.get(param) ?? param;
  const taken = new Set(reserved.map(name));
  const extras = Object.entries(extraParams ?? {});
  for (const [key, value] of extras) {
    if (typeof value !== 'string') throw invalidConfig(`extraParams.${key}`, 'a string');
    if (taken.has(key)) throw invalidConfig(`extraParams.${key}`, 'a parameter authwire does not set itself (use the dedicated option)');
  }
  return {
    name,
    build(entries) {
      const params = new URLSearchParams();
      for (const [param, value] of entries) {
        if (value === undefined) continue;
        for (const item of typeof value === 'string' ? [value] : value) params.append(name(param), item);
      }
      for (const [key, value] of extras) if (!params.has(key)) params.append(key, value);
      return params;
    },
  };
}
