// Recomputes the AWS Signature Version 4 of a received request with @smithy/signature-v4 (AWS's
// own implementation, as the AWS SDK for JavaScript uses it), from what the server received
// only: the request line, the headers the signature names, the body bytes.
import { createHash } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { RawRequest } from './raw-server.js';

export interface SmithyCheck {
  readonly region: string;
  readonly service: string;
  readonly credentials: (accessKeyId: string) => { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined;
}

export interface Verdict {
  readonly ok: boolean;
  readonly reason?: string;
  readonly expected?: string;
  readonly received?: string;
}

function header(request: RawRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function parseDate(amz: string): Date {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amz);
  if (match === null) throw new Error(`bad x-amz-date ${amz}`);
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  return new Date(Date.UTC(y as number, (mo as number) - 1, d, h, mi, s));
}

function splitTarget(target: string): { path: string; query: Record<string, string | string[]> } {
  const question = target.indexOf('?');
  const path = question < 0 ? target : target.slice(0, question);
  const query: Record<string, string | string[]> = {};
  if (question >= 0) {
    for (const [name, value] of new URLSearchParams(target.slice(question + 1))) {
      const earlier = query[name];
      query[name] = earlier === undefined ? value : Array.isArray(earlier) ? [...earlier, value] : [earlier, value];
    }
  }
  return { path, query };
}

/** Whether the `Authorization` header (or presigned query) of `request` is the signature smithy computes. */
export async function verifyWithSmithy(request: RawRequest, check: SmithyCheck): Promise<Verdict> {
  const { path, query } = splitTarget(request.target);
  const authorization = header(request, 'authorization');
  const presigned = typeof query['X-Amz-Signature'] === 'string';
  const credential = presigned ? String(query['X-Amz-Credential']) : /Credential=([^,]+)/.exec(authorization ?? '')?.[1];
  const signedHeaders = presigned ? String(query['X-Amz-SignedHeaders']) : /SignedHeaders=([^,]+)/.exec(authorization ?? '')?.[1];
  const date = presigned ? String(query['X-Amz-Date']) : header(request, 'x-amz-date');
  if (credential === undefined || signedHeaders === undefined || date === undefined) return { ok: false, reason: 'no signature' };
  const credentials = check.credentials(credential.split('/')[0] ?? '');
  if (credentials === undefined) return { ok: false, reason: 'unknown access key' };
  const headers: Record<string, string> = {};
  for (const name of signedHeaders.split(';')) {
    const value = header(request, name);
    if (value === undefined) return { ok: false, reason: `signed header ${name} not received` };
    headers[name] = value;
  }
  const host = request.headers.host ?? '';
  const signer = new SignatureV4({ credentials, region: check.region, service: check.service, sha256: Sha256, uriEscapePath: check.service !== 's3' });
  const signingDate = parseDate(date);
  const base = { method: request.method, protocol: 'http:', hostname: host.replace(/:\d+$/, ''), path, headers };
  if (presigned) {
    const rest = Object.fromEntries(Object.entries(query).filter(([name]) => !name.startsWith('X-Amz-')));
    const expiresIn = Number(query['X-Amz-Expires']);
    const signed = await signer.presign(new HttpRequest({ ...base, query: rest }), { signingDate, expiresIn });
    const expected = String(signed.query?.['X-Amz-Signature']);
    return { ok: expected === query['X-Amz-Signature'], expected, received: String(query['X-Amz-Signature']) };
  }
  const contentSha = header(request, 'x-amz-content-sha256');
  if (contentSha !== undefined && contentSha !== 'UNSIGNED-PAYLOAD') {
    const actual = createHash('sha256').update(request.body).digest('hex');
    if (actual !== contentSha) return { ok: false, reason: 'x-amz-content-sha256 is not the hash of the body received', expected: actual, received: contentSha };
  }
  const body = request.body.length === 0 ? undefined : new Uint8Array(request.body);
  const signed = await signer.sign(new HttpRequest({ ...base, query, body }), { signingDate });
  const expected = String(signed.headers.authorization);
  return { ok: expected === authorization, expected, ...(authorization === undefined ? {} : { received: authorization }) };
}
