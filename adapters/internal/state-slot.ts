// Per-request adapter state carried on a client's own config objects (which the clients copy,
// merge and show in errors) without ever exposing it: the object stored there is a ticket whose
// only field is private, so it serializes to nothing and prints as `[authwire]`.
import { inspect } from 'node:util';

/** The value placed on a client's config. */
class Ticket<T> {
  // Private fields, not a WeakMap from tickets to states: one WeakMap entry per request costs the
  // garbage collector more than the rest of the ticket.
  readonly #slot: StateSlot<T & object>;
  readonly #state: T;

  constructor(slot: StateSlot<T & object>, state: T) {
    this.#slot = slot;
    this.#state = state;
  }

  /** The state, when `slot` issued this ticket. */
  stateFor(slot: object): T | undefined {
    return slot === this.#slot ? this.#state : undefined;
  }

  toJSON(): undefined {
    return undefined;
  }

  [inspect.custom](): string {
    return '[authwire]';
  }
}

/** Issues tickets for states of type `T` and finds the state again from a ticket. */
export class StateSlot<T extends object> {
  /** A new ticket for `state`. */
  issue(state: T): object {
    return new Ticket<T>(this, state);
  }

  /** The state of `ticket`, if it is one of this slot's tickets. */
  read(ticket: unknown): T | undefined {
    return ticket instanceof Ticket ? (ticket as Ticket<T>).stateFor(this) : undefined;
  }
}
