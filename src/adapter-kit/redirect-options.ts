/**
 * Options of `RequestSession.redirect`.
 *
 * @example
 * ```ts
 * const strip = session.redirect(next, 307, 'POST', { keepsBody: true, restoreQuery: true });
 * ```
 */
export interface RedirectOptions {
  /** Whether the client sends the body again on this hop (got says so itself); by default judged from status and method. */
  readonly keepsBody?: boolean;
  /**
   * Put the authenticator's query parameters back on a hop to the first origin, for a client that
   * keeps the first hop's headers. Not done for a signing authenticator: its hop is signed afresh.
   */
  readonly restoreQuery?: boolean;
}
