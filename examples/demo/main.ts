// `npm run demo`: axios, got, ky and fetch share one authwire authenticator against a real OAuth2
// server whose access tokens live 4 seconds and whose refresh tokens rotate on every use, while
// requests run concurrently for --seconds. See README.md next to this file.
import { createServer } from 'node:http';
import { oauth2Auth } from '../../src/index.js';
import { serveApi } from './api.js';
import { startAuthorizationServer } from './auth-server.js';
import { parseOptions, usage, UsageError, type DemoOptions } from './cli.js';
import { createClient, type ClientName, type Send } from './clients.js';
import { closeServer, listenOnLoopback } from './http-server.js';
import { emptyStats, runLoad, type ClientStats } from './load.js';
import { counted, formatCount, startProgress } from './progress.js';
import { openStore, SetupError } from './stores.js';
import { formatServerCounts, formatTable, type ClientRow } from './table.js';
import { countTokenRequests } from './token-requests.js';

const ACCESS_TOKEN_TTL_SECONDS = 4;
const REQUEST_TIMEOUT_MS = 10_000;

async function main(argv: readonly string[]): Promise<number> {
  let options: DemoOptions | undefined;
  try {
    options = parseOptions(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`error: ${error.message}\n(npm run demo -- --help lists the options)`);
    return 2;
  }
  if (options === undefined) {
    console.log(usage);
    return 0;
  }
  try {
    return await run(options);
  } catch (error) {
    if (!(error instanceof SetupError)) throw error;
    console.error(`error: ${error.message}`);
    return 2;
  }
}

async function run(options: DemoOptions): Promise<number> {
  const demoStore = await openStore(options.store);
  let tokenKey: string | undefined;
  const cleanups: (() => Promise<void>)[] = [() => demoStore.close(tokenKey)];
  try {
    // The API listens first: its origin is the audience the authorization server puts in tokens.
    const apiServer = createServer();
    const apiOrigin = await listenOnLoopback(apiServer);
    cleanups.push(() => closeServer(apiServer));
    const authServer = await startAuthorizationServer({ accessTokenTtlSeconds: ACCESS_TOKEN_TTL_SECONDS, audience: `${apiOrigin}/` });
    cleanups.push(() => authServer.close());
    const api = serveApi(apiServer, { issuer: authServer.issuer, jwksUrl: authServer.jwksUrl, audience: `${apiOrigin}/` });

    // Like an app that keeps the refresh token from its user's one interactive login.
    const refreshToken = await authServer.login();
    const auth = oauth2Auth({
      grant: 'refresh_token',
      tokenUrl: authServer.tokenUrl,
      clientId: authServer.clientId,
      clientSecret: authServer.clientSecret,
      refreshToken,
      ...(demoStore.store === undefined ? {} : { store: demoStore.store }),
    });
    tokenKey = auth.tokenManager.key;
    const tokenRequests = countTokenRequests();

    const clients = new Map<ClientName, Send>(options.clients.map((name) => [name, createClient(name, apiOrigin, auth)]));
    const stats = new Map<ClientName, ClientStats>(options.clients.map((name) => [name, emptyStats()]));
    console.log(
      [
        `authwire demo: ${options.clients.join(', ')} ${options.clients.length === 1 ? 'uses' : 'share'} one oauth2Auth (refresh_token grant), ${counted(options.concurrency, 'request loop')} each, for ${options.seconds} s`,
        `  authorization server  ${authServer.issuer}  oidc-provider: JWT access tokens live ${ACCESS_TOKEN_TTL_SECONDS} s, refresh tokens rotate on every use`,
        `  protected API         ${apiOrigin}/v1/orders  checks each token's signature, issuer, audience and expiry; 401 otherwise`,
        `  token store           ${demoStore.description}`,
      ].join('\n'),
    );

    const stop = new AbortController();
    const onInterrupt = (): void => stop.abort();
    process.once('SIGINT', onInterrupt);
    const started = Date.now();
    const durationMs = options.seconds * 1000;
    const total = (pick: (entry: ClientStats) => number): number => [...stats.values()].reduce((sum, entry) => sum + pick(entry), 0);
    const stopProgress = startProgress(() => {
      const expiresAt = auth.tokenManager.peek()?.expiresAt;
      return {
        elapsedMs: Date.now() - started,
        durationMs,
        requests: total((entry) => entry.requests),
        failed: total((entry) => entry.failed),
        unauthorized: total((entry) => entry.unauthorized),
        tokenRequests: tokenRequests.started,
        tokenExpiresInMs: expiresAt === undefined ? undefined : Math.max(0, expiresAt - Date.now()),
      };
    });
    try {
      await runLoad({ clients, concurrency: options.concurrency, durationMs, signal: stop.signal, requestTimeoutMs: REQUEST_TIMEOUT_MS }, stats);
    } finally {
      stopProgress();
      process.off('SIGINT', onInterrupt);
    }
    if (stop.signal.aborted) console.log(`(stopped by Ctrl-C after ${((Date.now() - started) / 1000).toFixed(1)} s)`);

    // Let a background refresh that is under way finish before the servers go, so it is counted.
    await auth.close();
    for (const until = Date.now() + 3_000; tokenRequests.inFlight > 0 && Date.now() < until; ) await new Promise((resolve) => setTimeout(resolve, 20));
    tokenRequests.stop();

    const rows: ClientRow[] = options.clients.map((name) => {
      const entry = stats.get(name) ?? emptyStats();
      return {
        client: name,
        requests: entry.requests,
        failed: entry.failed,
        unauthorized: entry.unauthorized,
        tokenRequests: tokenRequests.byClient.get(name) ?? 0,
        tokensUsed: api.clients.get(name)?.tokens.size ?? 0,
      };
    });
    const others = tokenRequests.byClient.get('other') ?? 0;
    if (others > 0) rows.push({ client: '(no client)', requests: 0, failed: 0, unauthorized: 0, tokenRequests: others, tokensUsed: 0 });
    const allTokens = new Set([...api.clients.values()].flatMap((entry) => [...entry.tokens]));
    console.log('');
    console.log(formatTable(rows, allTokens.size));
    console.log('(a token request is credited to the client whose request started it; one authenticator, so each new token serves every client)');
    console.log('');
    console.log(formatServerCounts(authServer.grants, api.clients, tokenRequests.rotated, tokenRequests.errors));

    const failed = total((entry) => entry.failed);
    if (failed === 0) {
      console.log(`result                all ${counted(total((entry) => entry.requests), 'request')} succeeded`);
      return 0;
    }
    console.log(`result                ${counted(failed, 'request')} failed:`);
    for (const [name, entry] of stats) for (const [failure, count] of entry.failures) console.log(`  ${name}: ${formatCount(count)} × ${failure}`);
    return 1;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

const exitCode = await main(process.argv.slice(2));
process.exitCode = exitCode;
// Everything is closed by now, so Node exits by itself; this unref'd timer only fires if something
// was left open, and then says so instead of hanging.
setTimeout(() => {
  console.error('warning: something was left open after the demo; exiting anyway');
  process.exit(exitCode);
}, 5_000).unref();
