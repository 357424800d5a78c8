// What the adapter contract needs around the adapter under test: 127.0.0.1 servers that record
// what they received, and a walk over everything a caller can reach from an error.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as a kit server received it. @internal */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
}

/** Answers one request; the default answers 200 `ok`. @internal */
export type KitHandler = (request: IncomingMessage, response: ServerResponse) => void;

/** A kit server on 127.0.0.1. @internal */
export interface KitServer {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  readonly received: ReceivedRequest[];
  /** The handler of the next requests; reset to the default by `reset()`. */
  handler: KitHandler;
  reset(): void;
  close(): Promise<void>;
}

const answerOk: KitHandler = (_request, response) => {
  response.writeHead(200, { 'content-type': 'text/plain' });
  response.end('ok');
};

/** Starts a server on 127.0.0.1 with a free port. @internal */
export async function startKitServer(): Promise<KitServer> {
  const server = createServer((request, response) => {
    kit.received.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers });
    request.resume();
    request.on('end', () => kit.handler(request, response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const kit: KitServer = {
    origin: `http://127.0.0.1:${port}`,
    received: [],
    handler: answerOk,
    reset() {
      kit.received.length = 0;
      kit.handler = answerOk;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return kit;
}

/** An origin on 127.0.0.1 where nothing listens (a port just released). @internal */
export async function closedOrigin(): Promise<string> {
  const server = await startKitServer();
  await server.close();
  return server.origin;
}

const decoder = new TextDecoder('latin1');

/**
 * The property paths from `root` to a string (or bytes) holding one of `secrets`: own
 * properties (non-enumerable and symbol-keyed too), getters of the prototype chain, Map, Set,
 * Headers and URLSearchParams entries, bytes. Stops after `budget` objects. @internal
 */
export function leaksIn(root: unknown, secrets: readonly string[], budget = 200_000): string[] {
  const found: string[] = [];
  const seen = new Set<unknown>();
  const queue: Array<[unknown, string]> = [[root, 'error']];
  const check = (text: string, path: string): void => {
    for (const secret of secrets) if (text.includes(secret)) found.push(path);
  };
  for (let index = 0; index < queue.length && seen.size < budget; index += 1) {
    const [value, path] = queue[index] as [unknown, string];
    if (typeof value === 'string') {
      check(value, path);
      continue;
    }
    if (typeof value !== 'object' || value === null || seen.has(value) || value === globalThis || value === process) continue;
    seen.add(value);
    const push = (next: unknown, key: string): void => {
      if (typeof next === 'string' || (typeof next === 'object' && next !== null)) queue.push([next, `${path}${key}`]);
    };
    if (ArrayBuffer.isView(value)) {
      check(decoder.decode(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)), `${path} (bytes)`);
      continue;
    }
    if (value instanceof ArrayBuffer) {
      check(decoder.decode(new Uint8Array(value)), `${path} (bytes)`);
      continue;
    }
    if (value instanceof Promise || value instanceof WeakMap || value instanceof WeakSet) continue;
    if (value instanceof URL || value instanceof URLSearchParams) check(String(value), path);
    if (value instanceof Map || value instanceof Headers || value instanceof URLSearchParams) {
      for (const [key, item] of (value as Map<unknown, unknown>).entries()) {
        push(key, '.<key>');
        push(item, `.get(${String(key)})`);
      }
    }
    if (value instanceof Set) for (const item of value) push(item, '.<item>');
    for (const key of Reflect.ownKeys(value)) {
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      if (descriptor !== undefined && 'value' in descriptor) push(descriptor.value, `.${String(key)}`);
    }
    for (let proto: unknown = Object.getPrototypeOf(value); proto !== null && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
      for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(proto))) {
        if (descriptor.get === undefined) continue;
        try {
          push(descriptor.get.call(value), `.${key}`);
        } catch {
          // A getter that throws for this receiver shows nothing.
        }
      }
    }
  }
  return found;
}
