// What bench/instructions and its child process share: the variants measured and the child's report.

/** The auth variants counted per client. */
export const variantNames = ['bare', 'hand-written interceptor', 'authwire bearerAuth', 'authwire oauth2Auth (cached)'] as const;
export type InstructionVariant = (typeof variantNames)[number];

/** What the child prints as JSON on its last line. */
export interface ChildReport {
  readonly ok: number;
  readonly failed: number;
  readonly majorGcs: number;
  readonly minorGcs: number;
}
