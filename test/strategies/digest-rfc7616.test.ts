// RFC 7616's own examples (§3.9.1 SHA-256 and MD5; §3.9.2 SHA-512-256 with userhash) computed by
// digestAuth's response code, and digestAuth through fetch against a Digest server written here
// from the RFC (not from authwire's code): SHA-512-256, -sess, auth-int, userhash, stale nonces.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authFetch } from '../../adapters/fetch.js';
import { digestAuth, isAuthError } from '../../src/index.js';
import { parseAuthChallenges } from '../../src/strategies/digest/challenges.js';
import { pickDigestChallenge, type DigestChallenge } from '../../src/strategies/digest/digest-challenge.js';
import { digestAuthorization, digestResponse } from '../../src/strategies/digest/digest-response.js';
import { startServer, type ReceivedRequest, type TestServer } from '../servers/http-server.js';

function challengeOf(header: string): DigestChallenge {
  const challenge = pickDigestChallenge(parseAuthChallenges(header));
  if (challenge === undefined) throw new Error('no challenge');
  return challenge;
}

describe('RFC 7616 §3.9.1: Mufasa and the Circle of Life', () => {
  const header = 'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", '
    + 'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS", Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=MD5, '
    + 'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"';
  const answer = {
    username: 'Mufasa', password: 'Circle of Life', method: 'GET', uri: '/dir/index.html', nc: 1, cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ', qop: 'auth',
  } as const;

  it('picks the first challenge (SHA-256) and computes the RFC\'s response', () => {
    const challenge = challengeOf(header);
    expect(challenge).toMatchObject({ algorithm: 'SHA-256', session: false, qops: ['auth', 'auth-int'], realm: 'http-auth@example.org' });
    expect(digestResponse(challenge, answer)).toBe('753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1');
  });

  it('computes the RFC\'s MD5 response', () => {
    const md5 = challengeOf(header.slice(header.indexOf(', Digest') + 2));
    expect(md5.algorithm).toBe('MD5');
    expect(digestResponse(md5, answer)).toBe('8ca523f5e9506fed4657c9700eebdbec');
  });

  it('writes the Authorization header with every field the RFC shows', () => {
    const value = digestAuthorization(challengeOf(header), answer);
    expect(value).toBe(
      'Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", '
        + 'nc=00000001, cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", qop=auth, response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", '
        + 'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
    );
  });
});

// The hashes printed in §3.9.2 are wrong (RFC errata 4897): the expected values here are the
// example's inputs hashed by Python's hashlib (sha512_256), not by Node.
describe('RFC 7616 §3.9.2: userhash with SHA-512-256', () => {
  it('hashes the user name and computes the response of the RFC\'s inputs', () => {
    const challenge = challengeOf('Digest realm="api@example.org", qop="auth", algorithm=SHA-512-256, nonce="5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK", '
      + 'opaque="HRPCssKJSGjCrkzDg8OhwpzCiGPChXYjwrI2QmXDnsOS", charset=UTF-8, userhash=true');
    const answer = { username: 'J\u00e4s\u00f8n Doe', password: 'Secret, or not?', method: 'GET', uri: '/doe.json', nc: 1, cnonce: 'NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v', qop: 'auth' } as const;
    const value = digestAuthorization(challenge, answer);
    expect(value).toContain('username="793263caabb707a56211940d90411ea4a575adeccb7e360aeb624ed06ece9b0b"');
    expect(value).toContain('response="3798d4131c277846293534c3edc11bd8a5e4cdcbff78b05db9d95eeb1cec68a5"');
    expect(value).toContain('userhash=true');
  });
});

// A Digest server from RFC 7616 §3.4: checks the response for each algorithm, -sess, auth-int and
// userhash, the nonce count rising, and answers stale=true once a nonce has served `nonceUses`.
const users = { 'Jäsøn Doe': 'Secret, or not?', robot: 'pw "quoted" \\ ü' } as const;
const realm = 'api@example.org';
const hashes = { MD5: 'md5', 'SHA-256': 'sha256', 'SHA-512-256': 'sha512-256' } as const;

interface ServerSetup {
  algorithm: keyof typeof hashes;
  session: boolean;
  qop: 'auth' | 'auth-int';
  userhash: boolean;
  nonceUses: number;
}

function parameters(header: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const match of header.matchAll(/([a-z*]+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]+))/g)) out.set(match[1]!, match[2] === undefined ? match[3]! : match[2].replace(/\\(.)/g, '$1'));
  return out;
}

describe('digestAuth through fetch against a server written from the RFC', () => {
  let server: TestServer;
  let setup: ServerSetup;
  let nonce = '';
  let uses = 0;
  let lastNc = 0;
  const problems: string[] = [];
  const h = (text: string | Buffer): string => createHash(hashes[setup.algorithm]).update(text).digest('hex');

  const check = (request: ReceivedRequest): 'ok' | 'stale' | 'missing' => {
    const header = request.headers.authorization;
    if (typeof header !== 'string' || !header.startsWith('Digest ')) return 'missing';
    const p = parameters(header.slice(7));
    if (p.get('nonce') !== nonce) return 'stale';
    const nc = Number.parseInt(p.get('nc') ?? '', 16);
    if (nc !== lastNc + 1) problems.push(`nc ${p.get('nc')} after ${lastNc}`);
    lastNc = nc;
    const username = setup.userhash
      ? Object.keys(users).find((name) => h(`${name}:${realm}`) === p.get('username'))
      : p.get('username') ?? decodeURIComponent((p.get('username*') ?? '').replace(/^UTF-8''/, ''));
    const password = users[username as keyof typeof users];
    if (password === undefined) {
      problems.push(`unknown user ${p.get('username')}`);
      return 'missing';
    }
    let a1 = h(`${username}:${realm}:${password}`);
    if (setup.session) a1 = h(`${a1}:${nonce}:${p.get('cnonce')}`);
    const a2 = setup.qop === 'auth-int' ? `${request.method}:${p.get('uri')}:${h(Buffer.from(request.body, 'utf8'))}` : `${request.method}:${p.get('uri')}`;
    const expected = h(`${a1}:${nonce}:${p.get('nc')}:${p.get('cnonce')}:${p.get('qop')}:${h(a2)}`);
    if (p.get('uri') !== request.url) problems.push(`uri ${p.get('uri')} for ${request.url}`);
    if (p.get('response') !== expected) problems.push(`wrong response for ${request.method} ${request.url}`);
    if (p.get('opaque') !== 'opaque-1') problems.push('opaque not echoed');
    if (uses >= setup.nonceUses) return 'stale';
    uses += 1;
    return 'ok';
  };

  const challengeHeader = (stale: boolean): string => {
    nonce = randomBytes(12).toString('base64');
    uses = 0;
    lastNc = 0;
    return `Digest realm="${realm}", qop="${setup.qop}", algorithm=${setup.algorithm}${setup.session ? '-sess' : ''}, nonce="${nonce}", opaque="opaque-1"`
      + `${setup.userhash ? ', userhash=true' : ''}${stale ? ', stale=true' : ''}, charset=UTF-8`;
  };

  beforeAll(async () => {
    server = await startServer((request, response) => {
      const verdict = check(request);
      if (verdict === 'ok') {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.end(`ok ${request.body}`);
        return;
      }
      response.writeHead(401, { 'www-authenticate': challengeHeader(verdict === 'stale') });
      response.end('unauthorized');
    });
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.requests.length = 0;
    problems.length = 0;
    nonce = '';
  });

  const setups: ServerSetup[] = [
    { algorithm: 'SHA-512-256', session: false, qop: 'auth', userhash: true, nonceUses: 100 },
    { algorithm: 'SHA-256', session: true, qop: 'auth-int', userhash: false, nonceUses: 100 },
    { algorithm: 'MD5', session: true, qop: 'auth', userhash: false, nonceUses: 100 },
    { algorithm: 'SHA-256', session: false, qop: 'auth', userhash: false, nonceUses: 3 },
  ];

  it.each(setups)('$algorithm sess=$session qop=$qop userhash=$userhash, a nonce good for $nonceUses requests', async (given) => {
    setup = given;
    const api = authFetch(digestAuth({ username: 'Jäsøn Doe', password: users['Jäsøn Doe'], qop: given.qop }));
    for (let index = 0; index < 7; index++) {
      const response = await api(`${server.origin}/items/${index}?q=a%20b&r=%E2%98%83`, { method: 'POST', body: `body ${index} ü` });
      expect(await response.text()).toBe(`ok body ${index} ü`);
    }
    expect(problems).toEqual([]);
    // One 401 for the first request, and one per stale nonce: 7 requests, a nonce good for 3 → two more.
    expect(server.requests.length - 7).toBe(given.nonceUses === 3 ? 3 : 1);
  });

  it('a user name outside ASCII goes as username* (RFC 8187), and a password with quotes works', async () => {
    setup = { algorithm: 'SHA-256', session: false, qop: 'auth', userhash: false, nonceUses: 100 };
    const api = authFetch(digestAuth({ username: 'Jäsøn Doe', password: users['Jäsøn Doe'] }));
    expect((await api(`${server.origin}/a`)).status).toBe(200);
    expect(server.requests[1]?.headers.authorization).toContain("username*=UTF-8''J%C3%A4s%C3%B8n%20Doe");
    const robot = authFetch(digestAuth({ username: 'robot', password: users.robot }));
    expect((await robot(`${server.origin}/b`)).status).toBe(200);
    expect(problems).toEqual([]);
  });

  it('a stream body under qop=auth-int is refused with a clear error, without the password', async () => {
    setup = { algorithm: 'SHA-256', session: false, qop: 'auth-int', userhash: false, nonceUses: 100 };
    const api = authFetch(digestAuth({ username: 'robot', password: users.robot, qop: 'auth-int' }));
    expect((await api(`${server.origin}/first`)).status).toBe(200);
    const stream = new ReadableStream<Uint8Array>({ start: (controller) => { controller.enqueue(new TextEncoder().encode('x')); controller.close(); } });
    const error: unknown = await api(`${server.origin}/upload`, { method: 'POST', body: stream, duplex: 'half' } as RequestInit).catch((caught: unknown) => caught);
    expect(isAuthError(error, 'ERR_AUTH_BODY_PLACEMENT')).toBe(true);
    expect((error as Error).message).toMatch(/auth-int.*stream body/);
    expect(JSON.stringify(error)).not.toContain(users.robot);
  });
});

describe('digestAuth options', () => {
  it.each([
    [{ username: '', password: 'x' }, 'digest.username'],
    [{ username: 'a\nb', password: 'x' }, 'digest.username'],
    [{ username: 'a', password: 42 }, 'digest.password'],
    [{ username: 'a', password: 'x', qop: 'auth-conf' }, 'digest.qop'],
    [{ username: 'a', password: 'x', algorithm: 'SHA-256' }, 'algorithm'],
  ])('%j is refused naming %s', (options, field) => {
    let caught: unknown;
    try {
      digestAuth(options as never);
    } catch (error) {
      caught = error;
    }
    expect(isAuthError(caught, 'ERR_AUTH_INVALID_CONFIG')).toBe(true);
    expect((caught as Error).message).toContain(field);
    expect((caught as Error).message).not.toContain('Secret');
  });
});
