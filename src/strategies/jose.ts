// jose is imported on first use, not with the package: it is 46 modules and about as long to
// load as the rest of authwire, and only signing (jwtAuth, client assertions, the JWT bearer
// grant) and JWT decoding (ID tokens, Baserow's expiry) need it.

import type * as JoseModule from 'jose';

/** The jose module. */
export type Jose = typeof JoseModule;

let loading: Promise<Jose> | undefined;

/** jose, imported once on the first call. */
export function loadJose(): Promise<Jose> {
  loading ??= import('jose');
  return loading;
}
