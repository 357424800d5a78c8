// The checked, frozen form of a ClientTls: it prints and serializes without its secrets.
import { inspect } from 'node:util';
import type { ClientTls } from '../authenticator.js';
import { REDACTED } from '../adapter-kit/redact.js';

/** The fields of a checked {@link ClientTls}: binary values already copied into Buffers. */
export interface ClientTlsFields {
  readonly cert?: string | Buffer;
  readonly key?: string | Buffer;
  readonly passphrase?: string;
  readonly pfx?: Buffer;
  readonly ca?: ReadonlyArray<string | Buffer>;
}

/** What `JSON.stringify` and `util.inspect` show of a {@link ClientTlsMaterial}. */
interface ClientTlsSummary {
  cert?: string;
  key?: string;
  passphrase?: string;
  pfx?: string;
  ca?: string;
}

/**
 * A {@link ClientTls} that has been checked. `key`, `passphrase` and `pfx` are readable by name
 * (adapters need them) but not enumerable, and `toJSON()` / `util.inspect` show `[REDACTED]`
 * in their place, so logging an authenticator never prints a private key.
 */
export class ClientTlsMaterial implements ClientTls {
  declare readonly cert?: string | Buffer;
  declare readonly key?: string | Buffer;
  declare readonly passphrase?: string;
  declare readonly pfx?: Buffer;
  declare readonly ca?: ReadonlyArray<string | Buffer>;

  constructor(fields: ClientTlsFields) {
    const define = (name: keyof ClientTlsFields, enumerable: boolean): void => {
      const value = fields[name];
      if (value !== undefined) Object.defineProperty(this, name, { value, enumerable, writable: false, configurable: false });
    };
    define('cert', true);
    define('ca', true);
    define('key', false);
    define('passphrase', false);
    define('pfx', false);
    Object.freeze(this);
  }

  /** What `JSON.stringify` shows: which fields are set, never a key or passphrase. */
  toJSON(): ClientTlsSummary {
    const summary: ClientTlsSummary = {};
    if (this.cert !== undefined) summary.cert = '[PEM certificate]';
    if (this.key !== undefined) summary.key = REDACTED;
    if (this.passphrase !== undefined) summary.passphrase = REDACTED;
    if (this.pfx !== undefined) summary.pfx = REDACTED;
    if (this.ca !== undefined) summary.ca = `[${this.ca.length} CA ${this.ca.length === 1 ? 'entry' : 'entries'}]`;
    return summary;
  }

  /** What `util.inspect` and `console.log` show: the same as `toJSON()`. */
  [inspect.custom](): string {
    return `ClientTls ${inspect(this.toJSON())}`;
  }
}
