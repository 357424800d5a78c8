// Counts authwire's token requests from its diagnostics channels, and credits each to the client
// whose request started it (AsyncLocalStorage: the channel is published in the caller's context,
// and a refresh-ahead timer keeps the context of the request that set it).
import { AsyncLocalStorage } from 'node:async_hooks';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { tokenChannelNames, type TokenRequestEndMessage, type TokenRequestErrorMessage } from '../../src/index.js';

const currentClient = new AsyncLocalStorage<string>();

/** Runs `send` as a request of `client`, so that a token request it starts is credited to it. */
export function asClient<T>(client: string, send: () => Promise<T>): Promise<T> {
  return currentClient.run(client, send);
}

export interface TokenRequests {
  /** Token requests sent (each try counts). */
  readonly started: number;
  readonly failed: number;
  /** Token requests sent and not answered yet. */
  readonly inFlight: number;
  /** Responses that carried a new refresh token in place of the one sent. */
  readonly rotated: number;
  /** Token requests by the client whose request started them. */
  readonly byClient: ReadonlyMap<string, number>;
  /** OAuth2 error codes (or authwire codes) of failed token requests. */
  readonly errors: readonly string[];
  /** Stops counting. */
  stop(): void;
}

export function countTokenRequests(): TokenRequests {
  const byClient = new Map<string, number>();
  const errors: string[] = [];
  let started = 0;
  let failed = 0;
  let rotated = 0;
  let ended = 0;
  const onStart = (): void => {
    started += 1;
    const client = currentClient.getStore() ?? 'other';
    byClient.set(client, (byClient.get(client) ?? 0) + 1);
  };
  const onEnd = (message: unknown): void => {
    ended += 1;
    if ((message as TokenRequestEndMessage).rotated) rotated += 1;
  };
  const onError = (message: unknown): void => {
    const { error, code } = message as TokenRequestErrorMessage;
    failed += 1;
    errors.push(error ?? code);
  };
  subscribe(tokenChannelNames.start, onStart);
  subscribe(tokenChannelNames.end, onEnd);
  subscribe(tokenChannelNames.error, onError);
  return {
    get started() {
      return started;
    },
    get failed() {
      return failed;
    },
    get inFlight() {
      // A failed store write reports an error after the response's end: never below zero.
      return Math.max(0, started - ended - failed);
    },
    get rotated() {
      return rotated;
    },
    byClient,
    errors,
    stop() {
      unsubscribe(tokenChannelNames.start, onStart);
      unsubscribe(tokenChannelNames.end, onEnd);
      unsubscribe(tokenChannelNames.error, onError);
    },
  };
}
