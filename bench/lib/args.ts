// `--name=value` flags shared by the parts (`--duration=20`, `--rounds=3`).

/** The flags given on the command line, as `name → value` ("true" for a bare `--name`). */
export function flags(argv: readonly string[] = process.argv.slice(2)): Map<string, string> {
  const found = new Map<string, string>();
  for (const argument of argv) {
    const match = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/.exec(argument);
    if (match?.[1] !== undefined) found.set(match[1], match[2] ?? 'true');
  }
  return found;
}

/** A positive number flag, or `fallback`; a bad value stops the run with a message naming the flag. */
export function numberFlag(name: string, fallback: number, argv?: readonly string[]): number {
  const raw = flags(argv).get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number (got ${JSON.stringify(raw)})`);
  return value;
}
