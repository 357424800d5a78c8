// One client and auth variant under callgrind (started by bench/instructions): warms up with
// instrumentation off, then counts the instructions of `requests` requests, one at a time, and
// prints what it saw as JSON on its last line.
import { execFileSync } from 'node:child_process';
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { bearerAuth, MemoryTokenStore, oauth2Auth, type Authenticator } from '../src/index.js';
import { authwireSender, bareSender, clientNames, handWrittenSender, installTransport, type ClientName, type Sender } from './lib/clients.js';
import { variantNames, type ChildReport, type InstructionVariant } from './lib/instruction-variants.js';
import { closedLoop } from './lib/load.js';

const STATIC_TOKEN = 'static-bench-token-0123456789abcdef';

async function main(): Promise<void> {
  const [client, variant, apiOrigin, tokenUrl, warm, requests] = process.argv.slice(2);
  if (!clientNames.includes(client as ClientName) || !variantNames.includes(variant as InstructionVariant)) throw new Error(`unknown client or variant: ${String(client)} ${String(variant)}`);
  const url = `${String(apiOrigin)}/open`;
  const transport = installTransport(1);
  let auth: Authenticator | undefined;
  let sender: Sender;
  if (variant === 'bare') {
    sender = bareSender(client as ClientName, url, transport);
  } else if (variant === 'hand-written interceptor') {
    sender = handWrittenSender(client as ClientName, url, transport, () => STATIC_TOKEN);
  } else if (variant === 'authwire bearerAuth') {
    auth = bearerAuth({ token: STATIC_TOKEN });
    sender = authwireSender(client as ClientName, url, transport, auth);
  } else {
    const oauth2 = oauth2Auth({ grant: 'client_credentials', tokenUrl: String(tokenUrl), clientId: 'bench-instructions', clientSecret: 'bench-instructions-secret', store: new MemoryTokenStore() });
    await oauth2.getToken(); // cached from here on
    auth = oauth2;
    sender = authwireSender(client as ClientName, url, transport, auth);
  }
  await closedLoop(sender.send, Number(warm), 1);

  const gcs = { major: 0, minor: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) gcs.major += 1;
      else if (kind === constants.NODE_PERFORMANCE_GC_MINOR) gcs.minor += 1;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  // Counted from here: the requests, and the garbage collections they cause.
  execFileSync('callgrind_control', ['--instr=on', String(process.pid)], { stdio: 'ignore' });
  const record = await closedLoop(sender.send, Number(requests), 1);
  execFileSync('callgrind_control', ['--instr=off', String(process.pid)], { stdio: 'ignore' });
  await new Promise((resolve) => setTimeout(resolve, 10)); // GC entries are delivered on a later tick.
  observer.disconnect();
  await auth?.close?.();
  await transport.close();
  const report: ChildReport = { ok: record.ok, failed: record.failed, majorGcs: gcs.major, minorGcs: gcs.minor };
  console.log(JSON.stringify(report));
}

await main();
