// Per-request adapter state carried on a client's own config objects (which the clients copy,
// merge and show in errors) without ever exposing it: the object stored there is an empty
// ticket, and the state lives in a WeakMap.
import { inspect } from 'node:util';

/** The value placed on a client's config. It serializes to nothing and prints as `[authwire]`. */
class Ticket {
  toJSON(): undefined {
    return undefined;
  }

  [inspect.custom](): string {
    return '[authwire]';
  }
}

/** Issues tickets for states of type `T` and finds the state again from a ticket. */
export class StateSlot<T extends object> {
  readonly #states = new WeakMap<Ticket, T>();

  /** A new ticket for `state`. */
  issue(state: T): object {
    const ticket = new Ticket();
    this.#states.set(ticket, state);
    return ticket;
  }

  /** The state of `ticket`, if it is one of this slot's tickets. */
  read(ticket: unknown): T | undefined {
    return ticket instanceof Ticket ? this.#states.get(ticket) : undefined;
  }
}
