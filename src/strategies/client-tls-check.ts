// Checks a ClientTls when an authenticator is created: shapes first, then that Node can load
// the material (the key decrypts, the key belongs to the certificate). Messages name the field
// and never quote a value.
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { AuthError, invalidConfig } from '../errors.js';
import { ClientTlsMaterial, type ClientTlsFields } from './client-tls-material.js';
import type { ClientTls } from '../authenticator.js';
import { checkOptionNames, optionNames } from '../validate/option-names.js';

const fieldNames = ['cert', 'key', 'passphrase', 'pfx', 'ca'] as const;
const tlsNames = optionNames<ClientTls>()(fieldNames, { key: 'Omit the key with pfx, or for ca alone.', passphrase: 'Omit the key for a key that is not encrypted.', pfx: 'Omit the key with cert and key.' });
const certificateBlock = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const privateKeyHeader = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/;

/**
 * Checks `value` as a `ClientTls` and returns a frozen copy whose secrets do not print.
 * A value that was checked before is returned as it is.
 *
 * @param field - the name used in error messages, e.g. `tls` or `oauth2.tls`
 * @throws AuthError `ERR_AUTH_INVALID_CONFIG` naming the field that is wrong
 */
export function checkClientTls(value: unknown, field = 'tls'): ClientTlsMaterial {
  if (value instanceof ClientTlsMaterial) return value;
  if (typeof value !== 'object' || value === null || Array.isArray(value) || ArrayBuffer.isView(value)) {
    throw invalidConfig(field, 'an object with cert and key, or pfx, and optionally ca');
  }
  const record = value as Record<string, unknown>;
  checkOptionNames(record, tlsNames, field);
  const read = (name: (typeof fieldNames)[number]): unknown => record[name];
  const fields: { -readonly [K in keyof ClientTlsFields]: ClientTlsFields[K] } = {};

  const cert = read('cert');
  const key = read('key');
  const pfx = read('pfx');
  const passphrase = read('passphrase');
  const ca = read('ca');

  if (cert !== undefined) fields.cert = pem(cert, `${field}.cert`, 'certificate');
  if (key !== undefined) fields.key = pem(key, `${field}.key`, 'key');
  if (fields.cert !== undefined && fields.key === undefined) throw invalidConfig(`${field}.key`, `the PEM private key of ${field}.cert`);
  if (fields.key !== undefined && fields.cert === undefined) throw invalidConfig(`${field}.cert`, `the PEM certificate of ${field}.key`);
  if (pfx !== undefined) {
    if (fields.cert !== undefined) throw invalidConfig(field, `either cert and key, or pfx, not both`);
    fields.pfx = pkcs12(pfx, `${field}.pfx`);
  }
  if (passphrase !== undefined) {
    if (typeof passphrase !== 'string') throw invalidConfig(`${field}.passphrase`, 'a string');
    if (fields.key === undefined && fields.pfx === undefined) throw invalidConfig(`${field}.passphrase`, `to be set only with ${field}.key or ${field}.pfx`);
    fields.passphrase = passphrase;
  }
  if (ca !== undefined) fields.ca = authorities(ca, `${field}.ca`);
  if (fields.cert === undefined && fields.pfx === undefined && fields.ca === undefined) {
    throw invalidConfig(field, 'cert and key, or pfx (a client certificate), and/or ca (authorities to trust)');
  }

  if (fields.cert !== undefined && fields.key !== undefined) checkKeyPair(fields.cert, fields.key, fields.passphrase, field);
  if (fields.pfx !== undefined) checkPkcs12(fields.pfx, fields.passphrase, field);
  return new ClientTlsMaterial(fields);
}

/** A PEM value as a string or a Buffer copy; a swapped certificate and key is named as such. */
function pem(value: unknown, field: string, kind: 'certificate' | 'key'): string | Buffer {
  let text: string;
  let copy: string | Buffer;
  if (typeof value === 'string') {
    text = value;
    copy = value;
  } else if (value instanceof Uint8Array) {
    copy = Buffer.from(value);
    text = copy.toString('latin1');
  } else {
    throw invalidConfig(field, `a PEM ${kind === 'key' ? 'private key' : 'certificate'} as a string, Buffer or Uint8Array`);
  }
  if (kind === 'certificate') {
    if (text.includes('-----BEGIN CERTIFICATE-----')) return copy;
    const found = privateKeyHeader.test(text) ? ' (found a private key: are cert and key swapped?)' : '';
    throw invalidConfig(field, `a PEM certificate (-----BEGIN CERTIFICATE-----)${found}`);
  }
  if (privateKeyHeader.test(text)) return copy;
  const found = text.includes('-----BEGIN CERTIFICATE-----') ? ' (found a certificate: are cert and key swapped?)' : '';
  throw invalidConfig(field, `a PEM private key (-----BEGIN PRIVATE KEY-----)${found}`);
}

function pkcs12(value: unknown, field: string): Buffer {
  if (!(value instanceof Uint8Array)) throw invalidConfig(field, 'the bytes of a PKCS#12 (.p12/.pfx) file as a Buffer or Uint8Array');
  if (value.byteLength === 0) throw invalidConfig(field, 'the bytes of a PKCS#12 (.p12/.pfx) file, not an empty buffer');
  const copy = Buffer.from(value);
  if (copy.subarray(0, 10).toString('latin1') === '-----BEGIN') throw invalidConfig(field, 'PKCS#12 bytes, not PEM text; pass PEM as cert and key');
  return copy;
}

/** `ca` as a frozen list; every entry holds at least one PEM certificate, and each parses. */
function authorities(value: unknown, field: string): ReadonlyArray<string | Buffer> {
  const entries = Array.isArray(value) ? (value as unknown[]) : [value];
  if (entries.length === 0) throw invalidConfig(field, 'at least one PEM certificate');
  const list: Array<string | Buffer> = [];
  for (const [index, entry] of entries.entries()) {
    const name = Array.isArray(value) ? `${field}[${index}]` : field;
    if (typeof entry !== 'string' && !(entry instanceof Uint8Array)) throw invalidConfig(name, 'a PEM certificate as a string, Buffer or Uint8Array');
    const copy = typeof entry === 'string' ? entry : Buffer.from(entry);
    const blocks = (typeof copy === 'string' ? copy : copy.toString('latin1')).match(certificateBlock) ?? [];
    if (blocks.length === 0) throw invalidConfig(name, 'one or more PEM certificates (-----BEGIN CERTIFICATE-----)');
    for (const block of blocks) {
      try {
        new X509Certificate(block);
      } catch (error) {
        throw unreadable(name, 'a PEM certificate that Node can read', error);
      }
    }
    list.push(copy);
  }
  return Object.freeze(list);
}

function checkKeyPair(cert: string | Buffer, key: string | Buffer, passphrase: string | undefined, field: string): void {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(cert);
  } catch (error) {
    throw unreadable(`${field}.cert`, 'a PEM certificate that Node can read', error);
  }
  if (passphrase === undefined && /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(String(key))) {
    throw invalidConfig(`${field}.passphrase`, `the passphrase of the encrypted ${field}.key`);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(passphrase === undefined ? { key, format: 'pem' } : { key, format: 'pem', passphrase });
  } catch (error) {
    throw keyError(error, `${field}.key`, `${field}.passphrase`);
  }
  if (!certificate.checkPrivateKey(privateKey)) throw invalidConfig(`${field}.key`, `the private key of ${field}.cert (they do not match)`);
}

function checkPkcs12(pfx: Buffer, passphrase: string | undefined, field: string): void {
  try {
    // node:tls on first use, not at import.
    process.getBuiltinModule('node:tls').createSecureContext(passphrase === undefined ? { pfx } : { pfx, passphrase });
  } catch (error) {
    const reason = errorCode(error);
    if (/MAC_VERIFY|BAD_DECRYPT/i.test(reason) || /mac verify|bad decrypt/i.test(messageOf(error))) {
      throw unreadable(`${field}.passphrase`, `the passphrase of ${field}.pfx`, error);
    }
    throw unreadable(`${field}.pfx`, 'a PKCS#12 file that Node can read (one made with a legacy cipher such as RC2 must be exported again with AES)', error);
  }
}

function keyError(error: unknown, keyField: string, passphraseField: string): AuthError {
  const reason = errorCode(error);
  if (reason === 'ERR_MISSING_PASSPHRASE' || reason === 'ERR_OSSL_CRYPTO_INTERRUPTED_OR_CANCELLED') return unreadable(passphraseField, `the passphrase of the encrypted ${keyField}`, error);
  if (/BAD_DECRYPT/i.test(reason) || /bad decrypt/i.test(messageOf(error))) return unreadable(passphraseField, `the passphrase that decrypts ${keyField}`, error);
  return unreadable(keyField, 'a PEM private key that Node can read', error);
}

/**
 * A config error that records Node's error code, but neither the cause object nor its message
 * verbatim: OpenSSL's messages hold no key material, yet nothing here needs to carry them.
 */
function unreadable(field: string, expected: string, error: unknown): AuthError {
  const reason = errorCode(error);
  return new AuthError('ERR_AUTH_INVALID_CONFIG', `${field}: expected ${expected}`, { details: { field, ...(reason === '' ? {} : { reason }) } });
}

function errorCode(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : '';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : '';
}
