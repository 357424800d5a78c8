// The client certificate for got: written into an attempt's `https` options when its origin may
// receive credentials, taken out again before a redirect hop to another origin and before the
// next attempt, and redacted from errors. got copies `https` into every retry and hop, so every
// value written is remembered and only a value that is still authwire's is restored.
import type { Options } from 'got';
import { REDACTED } from '../../src/index.js';
import { type ClientTlsOptions } from '../../src/entries/adapter-kit.js';

type GotHttps = Options['https'];
type Field = 'certificate' | 'key' | 'pfx' | 'passphrase' | 'certificateAuthority';

/** The `https` values authwire writes for one authenticator. */
export interface GotTlsValues {
  readonly values: ReadonlyMap<Field, unknown>;
}

/** What one attempt changed in its `https` options: per field, the value before and the value written. */
export interface AppliedTls {
  readonly fields: ReadonlyMap<Field, { readonly before: unknown; readonly written: unknown }>;
}

/**
 * The `https` values for `material`: with a client certificate, all of `certificate`, `key`,
 * `pfx` and `passphrase` (so a certificate of your own options is not mixed with authwire's);
 * with `ca`, `certificateAuthority` (Node's defaults plus the custom authorities).
 */
export function gotTlsValues(material: ClientTlsOptions): GotTlsValues {
  const values = new Map<Field, unknown>();
  if (material.cert !== undefined || material.pfx !== undefined) {
    values.set('certificate', material.cert);
    values.set('key', material.key);
    values.set('pfx', material.pfx);
    values.set('passphrase', material.passphrase);
  }
  if (material.ca !== undefined) values.set('certificateAuthority', [...material.ca]);
  return { values };
}

/** Writes `tls` into `https` (got's own object for this attempt) and reports what it replaced. */
export function applyGotTls(https: GotHttps, tls: GotTlsValues): AppliedTls {
  const record = https as Record<Field, unknown>;
  const fields = new Map<Field, { before: unknown; written: unknown }>();
  for (const [field, value] of tls.values) {
    fields.set(field, { before: record[field], written: value });
    record[field] = value;
  }
  return { fields };
}

/** Puts back the values `applied` replaced, wherever authwire's value is still there. */
export function undoGotTls(https: GotHttps, applied: AppliedTls): void {
  const record = https as Record<Field, unknown>;
  for (const [field, { before, written }] of applied.fields) if (record[field] === written) record[field] = before;
}

/** Replaces the private key, passphrase and PKCS#12 bundle in an error's `https` options (authwire's or yours). */
export function redactGotTls(https: GotHttps | undefined): void {
  if (typeof https !== 'object' || https === null) return;
  const record = https as Record<Field, unknown>;
  for (const field of ['key', 'passphrase', 'pfx'] as const) {
    if (record[field] === undefined) continue;
    try {
      record[field] = REDACTED;
    } catch {
      // A frozen options object: it is hidden from util.inspect and JSON by the error redaction.
    }
  }
}
