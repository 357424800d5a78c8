// Node-style header objects ({ name: value | value[] }, as axios, got and follow-redirects keep
// them) seen as WHATWG Headers, and edited by lower-case name.

/**
 * A WHATWG `Headers` copy of a Node-style header object. `undefined`, `null` and `false` values
 * (the clients' "do not send") are left out, arrays become repeated values. A name or value that
 * `Headers` refuses is left out too: the authenticator does not see it, and the client still
 * sends it as it is.
 */
export function recordToHeaders(record: Readonly<Record<string, unknown>>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(record)) {
    if (value === undefined || value === null || value === false) continue;
    try {
      if (Array.isArray(value)) for (const item of value as unknown[]) headers.append(name, String(item));
      else headers.set(name, String(value));
    } catch {
      // Not a valid header for WHATWG Headers (see above).
    }
  }
  return headers;
}

/** Deletes every header whose lower-case name is in `names`, whatever its case in `record`. */
export function deleteHeaders(record: Record<string, unknown>, names: ReadonlySet<string>): void {
  for (const key of Object.keys(record)) {
    if (names.has(key.toLowerCase())) delete record[key];
  }
}
