// AWS's published Signature Version 4 test suite (test/strategies/fixtures/aws-sig-v4-test-suite,
// see its README): for each request, the canonical request, the string to sign and the
// Authorization header authwire computes are the suite's, byte for byte.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalRequest } from '../../src/strategies/aws-sigv4/canonical-request.js';
import { ALGORITHM, sha256Hex, sign, SigningKeys, stringToSign } from '../../src/strategies/aws-sigv4/signature.js';

const suite = join(import.meta.dirname, 'fixtures', 'aws-sig-v4-test-suite');
const secret = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const sessionToken =
  'AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==';

interface Case {
  readonly name: string;
  readonly dir: string;
}

function cases(dir: string, prefix = ''): Case[] {
  const found: Case[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (!statSync(path).isDirectory()) continue;
    if (readdirSync(path).some((file) => file === `${entry}.req`)) found.push({ name: `${prefix}${entry}`, dir: path });
    found.push(...cases(path, `${prefix}${entry}/`));
  }
  return found;
}

/** A .req file: request line (the path may hold spaces), headers with folded lines, body. */
function parseRequest(text: string): { method: string; path: string; query: string; headers: Array<[string, string]>; body: string } {
  const [head = '', ...rest] = text.split('\n\n');
  const [requestLine = '', ...lines] = head.split('\n');
  const method = requestLine.slice(0, requestLine.indexOf(' '));
  const target = requestLine.slice(method.length + 1, requestLine.lastIndexOf(' HTTP/'));
  const question = target.indexOf('?');
  const values = new Map<string, string[]>();
  let last: string[] | undefined;
  for (const line of lines) {
    if (/^[ \t]/.test(line) && last !== undefined) {
      last.push(line.trim());
      continue;
    }
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    last = values.get(name) ?? [];
    values.set(name, last);
    last.push(line.slice(colon + 1));
  }
  return {
    method,
    path: question < 0 ? target : target.slice(0, question),
    query: question < 0 ? '' : target.slice(question + 1),
    headers: [...values].map(([name, list]) => [name, list.map((value) => value.trim()).join(',')]),
    body: rest.join('\n\n'),
  };
}

const all = cases(suite);

describe("AWS's Signature Version 4 test suite", () => {
  it('is all there', () => {
    expect(all.length).toBeGreaterThanOrEqual(30);
  });

  it.each(all)('$name', ({ name, dir }) => {
    const base = name.split('/').at(-1) ?? '';
    const read = (ext: string): string => readFileSync(join(dir, `${base}.${ext}`), 'utf8');
    const request = parseRequest(read('req'));
    const date = request.headers.find(([header]) => header === 'x-amz-date')?.[1] ?? '';
    // post-sts-header-after: the token is added after signing, so it is not in the canonical request.
    const headers = name.endsWith('post-sts-header-after') ? request.headers.filter(([header]) => header !== 'x-amz-security-token') : request.headers;
    const input = { method: request.method, path: request.path, query: request.query, headers, payloadHash: sha256Hex(request.body), encodePath: true };
    const canonical = canonicalRequest(input);
    expect(canonical.text).toBe(read('creq'));
    expect(stringToSign(date, `${date.slice(0, 8)}/us-east-1/service/aws4_request`, canonical.text)).toBe(read('sts'));
    const result = sign(input, { region: 'us-east-1', service: 'service', date }, secret, new SigningKeys('us-east-1', 'service'));
    expect(`${ALGORITHM} Credential=AKIDEXAMPLE/${result.credentialScope}, SignedHeaders=${result.signedHeaders}, Signature=${result.signature}`).toBe(read('authz'));
    if (name.includes('post-sts')) expect(read('sreq')).toContain(sessionToken);
  });
});
