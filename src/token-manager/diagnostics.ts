import { channel } from 'node:diagnostics_channel';
import type { TokenRefreshReason } from './types.js';

/**
 * Published on `authwire:token:start` when a token request is about to be sent.
 * Carries no secret: the key is a hash.
 *
 * @example
 * ```ts
 * import { subscribe } from 'node:diagnostics_channel';
 * subscribe('authwire:token:start', (message) => console.log((message as TokenRequestStartMessage).reason));
 * ```
 */
export interface TokenRequestStartMessage {
  /** The hashed cache key. */
  readonly key: string;
  /** The authenticator's name, e.g. `oauth2:client_credentials`. */
  readonly name: string;
  /** Why the token is requested. */
  readonly reason: TokenRefreshReason;
  /** 0 for the first try of this refresh. */
  readonly attempt: number;
}

/**
 * Published on `authwire:token:end` when a token request succeeded.
 *
 * @example
 * ```ts
 * subscribe('authwire:token:end', (message) => metrics.observe((message as TokenRequestEndMessage).durationMs));
 * ```
 */
export interface TokenRequestEndMessage extends TokenRequestStartMessage {
  /** When the new token expires, in epoch milliseconds. */
  readonly expiresAt: number;
  /** Whether the server issued a new refresh token in place of the one sent. */
  readonly rotated: boolean;
  /** How long the request took. */
  readonly durationMs: number;
}

/**
 * Published on `authwire:token:error` when a token request (or the store write after it) failed.
 *
 * @example
 * ```ts
 * subscribe('authwire:token:error', (message) => console.warn((message as TokenRequestErrorMessage).code));
 * ```
 */
export interface TokenRequestErrorMessage extends TokenRequestStartMessage {
  /** The {@link AuthError} code. */
  readonly code: string;
  /** The HTTP status, if there was a response. */
  readonly status?: number;
  /** The OAuth2 `error` code, if the server sent one. */
  readonly error?: string;
  /** Whether another try follows. */
  readonly willRetry: boolean;
  /** How long the request took. */
  readonly durationMs: number;
}

/**
 * The `node:diagnostics_channel` channel names authwire publishes on.
 *
 * @example
 * ```ts
 * import { subscribe } from 'node:diagnostics_channel';
 * subscribe(tokenChannelNames.error, (message) => console.warn(message));
 * ```
 */
export const tokenChannelNames: {
  /** A token request is about to be sent ({@link TokenRequestStartMessage}). */
  readonly start: 'authwire:token:start';
  /** A token request succeeded ({@link TokenRequestEndMessage}). */
  readonly end: 'authwire:token:end';
  /** A token request, or storing its result, failed ({@link TokenRequestErrorMessage}). */
  readonly error: 'authwire:token:error';
} = {
  start: 'authwire:token:start',
  end: 'authwire:token:end',
  error: 'authwire:token:error',
};

const startChannel = channel(tokenChannelNames.start);
const endChannel = channel(tokenChannelNames.end);
const errorChannel = channel(tokenChannelNames.error);

/** Publishes on `authwire:token:start` when someone listens. */
export function publishStart(message: TokenRequestStartMessage): void {
  if (startChannel.hasSubscribers) startChannel.publish(message);
}

/** Publishes on `authwire:token:end` when someone listens. */
export function publishEnd(message: TokenRequestEndMessage): void {
  if (endChannel.hasSubscribers) endChannel.publish(message);
}

/** Publishes on `authwire:token:error` when someone listens. */
export function publishError(message: TokenRequestErrorMessage): void {
  if (errorChannel.hasSubscribers) errorChannel.publish(message);
}
