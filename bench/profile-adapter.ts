// bench/profile-adapter: where the CPU of one client's requests goes, bare client, hand-written
// interceptor and authwire bearerAuth side by side. Not a part of `npm run bench`: a tool for
// finding the cost, run by hand after `tsc -p bench/tsconfig.build.json`:
//
//   node bench/node_modules/.cache/authwire-bench/bench/profile-adapter.js --client=ky --requests=8000 --interval=50
//   node bench/profile-summary.mjs .tmp/profile-ky-hand.cpuprofile .tmp/profile-ky-authwire.cpuprofile
//
// One request at a time against a keep-alive server in another process, the three variants
// interleaved request by request as in bench/headline, after a warm-up. By default under one V8
// CPU profile (sampling every --interval µs), each sample then given to the variant whose request
// was in flight, written as one .cpuprofile per variant into --out (.tmp); --separate profiles
// each variant in a run of its own instead. --measure profiles nothing and prints the headline's
// CPU ratios for the client; --stub uses the in-process stub transports (bench/lib/stub-clients.ts);
// --auth=noop puts an authenticator that adds nothing through authwire's adapter.
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { bearerAuth, type Authenticator } from '../src/index.js';
import { flags, numberFlag } from './lib/args.js';
import { authwireSender, bareSender, clientNames, handWrittenSender, installTransport, type ClientName, type Sender } from './lib/clients.js';
import { forkServers } from './lib/server-process.js';
import { trimmedMean } from './lib/stats.js';
import { stubSender } from './lib/stub-clients.js';

const given = flags();
const client = (given.get('client') ?? 'axios') as ClientName;
if (!clientNames.includes(client)) throw new Error(`--client must be one of ${clientNames.join(', ')}`);
const requests = numberFlag('requests', 20_000);
const warmup = numberFlag('warmup', 5_000);
const interval = numberFlag('interval', 100);
const outDir = given.get('out') ?? '.tmp';
const settled = Promise.resolve();
const TOKEN = 'static-bench-token-0123456789abcdef';

mkdirSync(outDir, { recursive: true });
const servers = await forkServers({ tokenDelayMs: 5, tokenLifetimeSeconds: 86_400 });
const transport = installTransport(8);
const session = new Session();
session.connect();
try {
  const url = `${servers.apiOrigin}/open`;
  // --auth=noop: an authenticator that adds nothing, to tell the adapter's own cost from the strategy's.
  const auth: Authenticator = given.get('auth') === 'noop' ? { name: 'noop', authenticate: () => settled } : bearerAuth({ token: TOKEN });
  // --stub: the clients' transports answer at once in this process (bench/lib/stub-clients.ts): the auth layer's own CPU, no network.
  const variants: Record<string, Sender> = given.has('stub')
    ? {
        bare: { send: stubSender(client, url, { kind: 'bare' }) },
        hand: { send: stubSender(client, url, { kind: 'hand-written', token: TOKEN }) },
        authwire: { send: stubSender(client, url, { kind: 'authwire', auth }) },
      }
    : {
        bare: bareSender(client, url, transport),
        hand: handWrittenSender(client, url, transport, () => TOKEN),
        authwire: authwireSender(client, url, transport, auth),
      };
  const names = Object.keys(variants);
  const send = async (name: string): Promise<void> => {
    const status = await (variants[name] as Sender).send();
    if (status !== 200) throw new Error(`${name}: status ${status}`);
  };
  for (let index = 0; index < warmup; index++) for (const name of names) await send(name);

  if (given.has('measure') && given.has('stub')) {
    // Per-request CPU is too fine to read one by one here: rounds of 1,000 per variant, interleaved, the median round.
    const rounds = names.map((): number[] => []);
    for (let round = 0; round < Math.ceil(requests / 1_000); round++) {
      for (let position = 0; position < names.length; position++) {
        const variant = (position + round) % names.length;
        const before = process.cpuUsage();
        for (let index = 0; index < 1_000; index++) await send(names[variant] as string);
        const used = process.cpuUsage(before);
        (rounds[variant] as number[]).push((used.user + used.system) / 1_000);
      }
    }
    const [bare, hand, authwire] = rounds.map((values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]) as [number, number, number];
    console.log(`${client} (stub): bare ${bare.toFixed(1)} µs, hand ${hand.toFixed(1)} µs, authwire ${authwire.toFixed(1)} µs; hand × bare ${(hand / bare).toFixed(3)}, authwire × hand ${(authwire / hand).toFixed(3)}, + ${(authwire - hand).toFixed(1)} µs`);
  } else if (given.has('measure')) {
    // No profiler: the three interleaved request by request, the trimmed mean per variant (as the headline).
    const samples = names.map(() => new Float64Array(requests));
    for (let index = 0; index < requests; index++) {
      for (let position = 0; position < names.length; position++) {
        const variant = (position + index) % names.length;
        const before = process.cpuUsage();
        await send(names[variant] as string);
        const used = process.cpuUsage(before);
        (samples[variant] as Float64Array)[index] = used.user + used.system;
      }
    }
    const means = samples.map(trimmedMean);
    const [bare, hand, authwire] = means as [number, number, number];
    console.log(`${client}: bare ${bare.toFixed(1)} µs, hand ${hand.toFixed(1)} µs, authwire ${authwire.toFixed(1)} µs; hand × bare ${(hand / bare).toFixed(3)}, authwire × hand ${(authwire / hand).toFixed(3)}, + ${(authwire - hand).toFixed(1)} µs`);
    process.exitCode = 0;
  } else if (given.has('separate')) await profileEach();
  else await profileInterleaved();

  /**
   * The variants interleaved request by request under one profile; each sample is then given to
   * the variant whose request was in flight (V8's profile clock and process.hrtime are both the
   * monotonic clock, in µs), so that garbage collection and other shared costs land where they
   * arise, under the same conditions for all.
   */
  async function profileInterleaved(): Promise<void> {
    const windows: [number, number, number][] = [];
    const now = (): number => Number(process.hrtime.bigint() / 1000n);
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval });
    await session.post('Profiler.start');
    for (let index = 0; index < requests; index++) {
      for (let position = 0; position < names.length; position++) {
        const variant = (position + index) % names.length;
        const started = now();
        await send(names[variant] as string);
        windows.push([started, now(), variant]);
      }
    }
    const { profile } = await session.post('Profiler.stop');
    const times: number[] = [];
    let at = profile.startTime;
    for (const delta of profile.timeDeltas ?? []) times.push((at += delta));
    names.forEach((name, variant) => {
      const samples: number[] = [];
      const deltas: number[] = [];
      let w = 0;
      for (let index = 0; index < (profile.samples ?? []).length; index++) {
        const time = times[index] as number;
        while (w < windows.length && (windows[w] as [number, number, number])[1] < time) w++;
        const window = windows[w];
        if (window === undefined || window[0] > time || window[2] !== variant) continue;
        samples.push(profile.samples?.[index] as number);
        deltas.push(Math.min((profile.timeDeltas?.[index] ?? interval), interval * 4));
      }
      const path = join(outDir, `profile-${client}-${name}.cpuprofile`);
      writeFileSync(path, JSON.stringify({ ...profile, samples, timeDeltas: deltas, requests }));
      const busy = deltas.reduce((sum, delta) => sum + delta, 0);
      console.log(`${client} ${name}: ${samples.length} samples, ${(busy / requests).toFixed(1)} µs/request sampled, ${path}`);
    });
  }

  async function profileEach(): Promise<void> {
  const cpu: Record<string, number> = Object.fromEntries(names.map((name) => [name, 0]));
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval });
  for (const name of names) {
    // Each variant is profiled alone, but the others keep running between its slices, as in the headline.
    await session.post('Profiler.start');
    for (let index = 0; index < requests; index++) {
      const before = process.cpuUsage();
      await send(name);
      const used = process.cpuUsage(before);
      cpu[name] = (cpu[name] as number) + used.user + used.system;
    }
    const { profile } = await session.post('Profiler.stop');
    const path = join(outDir, `profile-${client}-${name}.cpuprofile`);
    writeFileSync(path, JSON.stringify(profile));
    console.log(`${client} ${name}: ${((cpu[name] as number) / requests).toFixed(1)} µs/request (profiler on), ${path}`);
  }
  }
} finally {
  session.disconnect();
  await transport.close();
  await servers.close();
}
