// Apache httpd with mod_auth_digest on a free port of 127.0.0.1, configured by the test in a
// temporary directory: /digest/* needs Digest credentials (MD5, qop=auth, nonce-count checked);
// GET answers a small file, POST echoes its body (mod_reflector); /digest/moved redirects
// (302) to /digest/landed. Without apache2 the tests skip loudly; under CI=true that fails.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './redis.js';
import { requireProgram } from './requirement.js';

/** A running httpd. */
export interface ApacheDigestServer {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  readonly realm: string;
  /** Access-log lines so far: `METHOD /path?query STATUS`. */
  accessLog(): string[];
  /** The access log once it has at least `count` lines (httpd writes a line after its response). */
  accessLogOf(count: number): Promise<string[]>;
  close(): Promise<void>;
}

/** What the server answers a GET with. */
export const APACHE_GET_BODY = 'digest ok\n';

/** `/usr/sbin/apache2` (or `$APACHE2`), or undefined after a loud warning. */
export function findApache(): string | undefined {
  return requireProgram(process.env.APACHE2 ?? '/usr/sbin/apache2', 'apt-get install -y apache2');
}

function config(directory: string, port: number, realm: string): string {
  return `ServerRoot /usr/lib/apache2
ServerName 127.0.0.1
Listen 127.0.0.1:${port}
PidFile ${directory}/httpd.pid
DefaultRuntimeDir ${directory}
Mutex file:${directory} default
ErrorLog ${directory}/error.log
LogLevel warn
# One process (-X) serves one connection at a time: no idle keep-alive connection may hold it.
KeepAlive Off
# As root, httpd's child runs as this user (it reads the password file per request).
User nobody
Group nogroup
LoadModule mpm_prefork_module modules/mod_mpm_prefork.so
LoadModule authn_core_module modules/mod_authn_core.so
LoadModule authn_file_module modules/mod_authn_file.so
LoadModule authz_core_module modules/mod_authz_core.so
LoadModule authz_user_module modules/mod_authz_user.so
LoadModule auth_digest_module modules/mod_auth_digest.so
LoadModule reflector_module modules/mod_reflector.so
LoadModule alias_module modules/mod_alias.so
LoadModule mime_module modules/mod_mime.so
TypesConfig /dev/null
LogFormat "%m %U%q %>s" counts
CustomLog ${directory}/access.log counts
DocumentRoot ${directory}
Redirect 302 /digest/moved /digest/landed
AliasMatch ^/digest/ ${directory}/ok.txt
<Location /digest>
  <If "%{REQUEST_METHOD} == 'POST'">
    SetHandler reflector
  </If>
  AuthType Digest
  AuthName "${realm}"
  AuthDigestProvider file
  AuthUserFile ${directory}/htdigest
  AuthDigestDomain /digest/
  AuthDigestNcCheck On
  Require valid-user
</Location>
`;
}

/** Starts httpd knowing `users` (name → password) in `realm`; resolves once it answers. */
export async function startApacheDigest(binary: string, users: Readonly<Record<string, string>>, realm = 'authwire-digest'): Promise<ApacheDigestServer> {
  const directory = mkdtempSync(join(tmpdir(), 'authwire-apache-'));
  chmodSync(directory, 0o755);
  // htdigest's format: user:realm:MD5(user:realm:password).
  const lines = Object.entries(users).map(([user, password]) => `${user}:${realm}:${createHash('md5').update(`${user}:${realm}:${password}`).digest('hex')}`);
  writeFileSync(join(directory, 'htdigest'), `${lines.join('\n')}\n`, { mode: 0o644 });
  writeFileSync(join(directory, 'ok.txt'), APACHE_GET_BODY, { mode: 0o644 });
  let child: ChildProcess | undefined;
  let origin = '';
  let lastError: unknown;
  for (let attempt = 0; attempt < 5 && child === undefined; attempt++) {
    const port = await freePort();
    writeFileSync(join(directory, 'httpd.conf'), config(directory, port, realm));
    try {
      child = await launch(binary, directory, port);
      origin = `http://127.0.0.1:${port}`;
    } catch (error) {
      lastError = error;
    }
  }
  if (child === undefined) throw lastError instanceof Error ? lastError : new Error(String(lastError));
  const running = child;
  const killOnExit = (): void => {
    running.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) => {
    if (running.exitCode !== null) resolve();
    else running.once('exit', () => resolve());
  });
  const accessLog = (): string[] => {
    try {
      return readFileSync(join(directory, 'access.log'), 'utf8').split('\n').filter((line) => line !== '');
    } catch {
      return [];
    }
  };
  // httpd logs the readiness probe (a 404 for /) after answering it: wait for that line, so that
  // a test counting the log from now on does not meet it.
  for (let tries = 0; tries < 200 && accessLog().length === 0; tries++) await new Promise((resolve) => setTimeout(resolve, 25));
  return {
    origin,
    realm,
    accessLog,
    accessLogOf: async (count) => {
      // A safety net only: the line follows the response at once.
      for (let tries = 0; tries < 200 && accessLog().length < count; tries++) await new Promise((resolve) => setTimeout(resolve, 25));
      return accessLog();
    },
    close: async () => {
      process.off('exit', killOnExit);
      running.kill('SIGTERM');
      await exited;
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** Spawns `apache2 -X` and waits until the port answers (or the process exits). */
async function launch(binary: string, directory: string, port: number): Promise<ChildProcess> {
  const child = spawn(binary, ['-X', '-f', join(directory, 'httpd.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  for (let tries = 0; tries < 200; tries++) {
    if (exited) throw new Error(`apache2 exited before listening on ${port}: ${stderr}${readError(directory)}`);
    try {
      await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) });
      return child;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  child.kill('SIGKILL');
  throw new Error(`apache2 did not answer on ${port}: ${stderr}${readError(directory)}`);
}

function readError(directory: string): string {
  try {
    return readFileSync(join(directory, 'error.log'), 'utf8');
  } catch {
    return '';
  }
}
