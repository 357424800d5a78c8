// Per-attempt state of the axios adapter, carried on the request's `beforeRedirect`.
//
// axios keeps no room on a request for an interceptor's own data, and every key added to a config
// costs on every request: axios checks a config key by key before sending it, and one more key
// can make V8 grow the config's property table. authwire sets `beforeRedirect` anyway (it guards
// redirects), so the function it puts there also carries the state of each authwire installation
// on the instance, and no other key is added. The caller's own `beforeRedirect` is kept and
// called after authwire's guards.
import type { AxiosRequestConfig } from 'axios';
import { inspect } from 'node:util';

/** axios's `beforeRedirect` (follow-redirects calls it before each hop). */
export type BeforeRedirect = NonNullable<AxiosRequestConfig['beforeRedirect']>;

/** What an installation does to each redirect hop of an attempt that carries `state`. */
export type RedirectHook<T> = (state: T, options: Record<string, unknown>, status: number) => void;

/**
 * One installation's state on one attempt; `next` holds the other installations'. The state is a
 * private field: configs reach callers (`error.config`, `response.config`), and what an attempt
 * carries (its credentials among it) is no property of theirs.
 */
class Carried {
  #state: unknown;

  constructor(
    /** The installation (its carrier) whose state this is. */
    readonly carrier: object,
    /** Its redirect hook. */
    readonly onRedirect: RedirectHook<never> | undefined,
    state: unknown,
    readonly next: Carried | undefined,
    readonly own: BeforeRedirect | undefined,
  ) {
    this.#state = state;
  }

  /** The state carried (a method, not a getter, so that nothing reads it by walking the config). */
  state(): unknown {
    return this.#state;
  }

  /** Replaces the state carried. */
  setState(state: unknown): void {
    this.#state = state;
  }

  /** Shown in place of the state when a config is inspected. */
  [inspect.custom](): string {
    return '[authwire]';
  }
}

const carried = Symbol('authwire');

type CarryingFunction = BeforeRedirect & { [carried]?: Carried };

/** The state each authwire function in `beforeRedirect` carries, if it is one. */
function carriedBy(beforeRedirect: unknown): Carried | undefined {
  return typeof beforeRedirect === 'function' ? (beforeRedirect as CarryingFunction)[carried] : undefined;
}

/** `node` without `carrier`'s entry (copied, as entries are shared by configs). */
function without(node: Carried | undefined, carrier: object): Carried | undefined {
  if (node === undefined) return undefined;
  if (node.carrier === carrier) return node.next;
  return new Carried(node.carrier, node.onRedirect, node.state(), without(node.next, carrier), node.own);
}

/** One installation's access to the state it carries in `beforeRedirect`. */
export class AxiosCarrier<T> {
  readonly #onRedirect: RedirectHook<T> | undefined;

  /** @param onRedirect - run on each redirect hop of an attempt, with the state it carries */
  constructor(onRedirect?: RedirectHook<T>) {
    this.#onRedirect = onRedirect;
  }

  /** This installation's state in a config's `beforeRedirect`, if any. */
  read(beforeRedirect: unknown): T | undefined {
    return this.#entry(beforeRedirect)?.state() as T | undefined;
  }

  /** Gives this installation's entry in `beforeRedirect` (if it has one) the state `state`. */
  replace(beforeRedirect: unknown, state: T): void {
    const entry = this.#entry(beforeRedirect);
    entry?.setState(state);
  }

  #entry(beforeRedirect: unknown): Carried | undefined {
    let node = carriedBy(beforeRedirect);
    while (node !== undefined && node.carrier !== this) node = node.next;
    return node;
  }

  /**
   * A `beforeRedirect` for a config whose `beforeRedirect` is now `current`: it carries `state`
   * for this installation (in place of any earlier state of its own), keeps what other
   * installations carry, and calls the caller's own function last.
   */
  carry(current: AxiosRequestConfig['beforeRedirect'], state: T): BeforeRedirect {
    const node = carriedBy(current);
    const hook = this.#onRedirect as RedirectHook<never> | undefined;
    const record = node === undefined ? new Carried(this, hook, state, undefined, current) : new Carried(this, hook, state, without(node, this), node.own);
    const carrier: CarryingFunction = (options, responseDetails, requestDetails) => {
      const status = Number(responseDetails.statusCode);
      for (let entry: Carried | undefined = record; entry !== undefined; entry = entry.next) entry.onRedirect?.(entry.state() as never, options, status);
      record.own?.(options, responseDetails, requestDetails);
    };
    carrier[carried] = record;
    return carrier;
  }
}
