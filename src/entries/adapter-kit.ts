/**
 * `authwire/adapter-kit`: what an adapter for another HTTP client needs — the request session
 * (which owns what a request, a redirect hop and a refused response get), placement, bodies,
 * origin policies, redaction and client TLS. The axios, got, ky and fetch adapters are built on
 * it; `authwire/testing` has the conformance cases an adapter of your own can run.
 *
 * @example
 * ```ts
 * import { RequestSession, createOriginPolicy } from 'authwire/adapter-kit';
 * const session = new RequestSession({ authenticator, policy: createOriginPolicy({}, 'https://api.example.com'), replayable: true });
 * const sent = await session.begin({ method: 'GET', url: new URL('https://api.example.com/items'), headers: {}, body: { type: 'none' } });
 * ```
 *
 * @module authwire/adapter-kit
 */
export { RequestSession, redirectBlocked } from '../adapter-kit/request-session.js';
export type { RedirectOptions, RequestSessionOptions } from '../adapter-kit/request-session.js';
export { authenticateOutgoing } from '../adapter-kit/authenticate-outgoing.js';
export type { AuthenticatedRequest, OutgoingRequest } from '../adapter-kit/authenticate-outgoing.js';
export { cloneBody, parseBody, serializeBody } from '../adapter-kit/body.js';
export { headersFromRecord } from '../adapter-kit/node-headers.js';
export type { HeaderRecord } from '../adapter-kit/node-headers.js';
export type { SerializedBody } from '../adapter-kit/body.js';
export { createOriginPolicy, isCrossOrigin, isLoopback } from '../adapter-kit/origin-policy.js';
export { checkAdapterOptions } from '../validate/adapter-options.js';
export { clientSecureContext, clientTlsOptions } from '../adapter-kit/tls-options.js';
export type { ClientTlsOptions } from '../adapter-kit/tls-options.js';
export { tlsDispatcherLoader } from '../adapter-kit/tls-dispatcher.js';
export type { TlsDispatcher } from '../adapter-kit/tls-dispatcher.js';
export type { RedactOptions } from '../adapter-kit/redact.js';
export { redactError, redactText, redactUrl, secretVariants } from '../adapter-kit/redact-error.js';
export { nextAttempt, redirectKeepsBody, shouldChallenge } from '../adapter-kit/retry.js';
export { crossOriginStrippedHeaders, stripCredentials } from '../adapter-kit/strip-credentials.js';
export { REDACTED, redactSecrets } from '../adapter-kit/redact.js';
export type { AdapterOptions, OriginPolicy } from '../adapter-kit/origin-policy.js';
export { invalidConfig } from '../errors.js';
export { applyPlacement, placementKinds, validatePlacement } from '../placement.js';
export type { FormPlacement, HeaderPlacement, JsonPlacement, Placement, QueryPlacement } from '../placement.js';
