// Node-style header objects ({ name: value | value[] }, as axios, got and follow-redirects keep
// them), edited by lower-case name.

/** Deletes every header whose lower-case name is in `names`, whatever its case in `record`. */
export function deleteHeaders(record: Record<string, unknown>, names: readonly string[]): void {
  if (names.length === 0) return;
  for (const key of Object.keys(record)) {
    if (names.includes(key.toLowerCase())) delete record[key];
  }
}

/** The value of header `name` (lower case) as one string, whatever its case in `record`; `null` when absent. */
export function headerValue(record: Readonly<Record<string, unknown>>, name: string): string | null {
  if (name in record) return text(record[name]); // The usual case: got's lower-case keys.
  for (const key in record) if (key.toLowerCase() === name) return text(record[key]);
  return null;
}

function text(value: unknown): string | null {
  if (value === undefined || value === null || value === false) return null;
  return Array.isArray(value) ? value.join(', ') : String(value);
}
