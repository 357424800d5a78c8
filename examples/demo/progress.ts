// The live progress line: one line rewritten in place on a terminal, a plain line every few
// seconds otherwise (CI logs, pipes). Written to stderr, so stdout holds only the report.

export interface ProgressSnapshot {
  readonly elapsedMs: number;
  readonly durationMs: number;
  readonly requests: number;
  readonly failed: number;
  readonly unauthorized: number;
  readonly tokenRequests: number;
  /** How long the current access token has left; `undefined` when there is none usable. */
  readonly tokenExpiresInMs: number | undefined;
}

export const formatCount = (value: number): string => value.toLocaleString('en-US');

/** `1 token request`, `3 token requests`. */
export const counted = (value: number, noun: string): string => `${formatCount(value)} ${noun}${value === 1 ? '' : 's'}`;

export function progressLine(snapshot: ProgressSnapshot): string {
  const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;
  const token = snapshot.tokenExpiresInMs === undefined ? 'no token yet' : `token expires in ${seconds(snapshot.tokenExpiresInMs)}`;
  return [
    `${seconds(Math.min(snapshot.elapsedMs, snapshot.durationMs))} / ${seconds(snapshot.durationMs)}`,
    counted(snapshot.requests, 'request'),
    `${formatCount(snapshot.failed)} failed`,
    `${formatCount(snapshot.unauthorized)} × 401`,
    counted(snapshot.tokenRequests, 'token request'),
    token,
  ].join('  ·  ');
}

/** Shows progress until the returned function is called. */
export function startProgress(read: () => ProgressSnapshot, stream: NodeJS.WriteStream = process.stderr): () => void {
  if (stream.isTTY) {
    const draw = (): void => {
      const line = progressLine(read());
      // Cut to the terminal's width: a wrapped line could not be rewritten in place.
      stream.write(`\r\x1b[2K${stream.columns > 0 ? line.slice(0, stream.columns - 1) : line}`);
    };
    const timer = setInterval(draw, 200);
    draw();
    return () => {
      clearInterval(timer);
      draw();
      stream.write('\n');
    };
  }
  const timer = setInterval(() => stream.write(`${progressLine(read())}\n`), 2_000);
  return () => clearInterval(timer);
}
