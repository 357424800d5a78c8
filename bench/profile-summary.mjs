// Sums a V8 .cpuprofile up: self time per function (name and file), the top rows, and the total
// time (self plus callees) of frames whose file matches --own (authwire's adapters and kit by
// default). Given two profiles, the second column is the second profile, and rows are ordered
// by the difference.
//
//   node bench/profile-summary.mjs .tmp/profile-ky-hand.cpuprofile .tmp/profile-ky-authwire.cpuprofile --top=40
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const files = args.filter((arg) => !arg.startsWith('--'));
const option = (name, fallback) => args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const top = Number(option('top', '40'));
const own = new RegExp(option('own', '/(adapters|src/adapter-kit|src/strategies|src/authenticator|src/settled)'));

/** Self and total µs per "function file:line" key, and the profile's length in µs. */
function summarise(path) {
  const profile = JSON.parse(readFileSync(path, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  // A sample stands for the time since the one before it (capped, for profiles cut into windows).
  const weight = new Map();
  profile.samples.forEach((id, index) => weight.set(id, (weight.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
  const requests = profile.requests ?? 1;
  const totalMicros = [...weight.values()].reduce((sum, value) => sum + value, 0) / requests;
  const key = (node) => {
    const frame = node.callFrame;
    const file = frame.url.replace(/^file:\/\/.*?\/(bench\/node_modules\/\.cache\/authwire-bench\/)?/, '').replace(/^.*node_modules\//, 'nm/');
    return `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
  };
  const self = new Map();
  const total = new Map();
  for (const [id, micros] of weight) {
    const count = micros / requests;
    const node = byId.get(id);
    const name = key(node);
    self.set(name, (self.get(name) ?? 0) + count);
    // Total: each key once per sample, however deep it recurses.
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const k = key(byId.get(at));
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + count);
    }
  }
  return { self, total, totalMicros };
}

const summaries = files.map(summarise);
const ms = (value) => (value ?? 0).toFixed(2).padStart(8);
const print = (title, pick, filter) => {
  const keys = new Set(summaries.flatMap((summary) => [...pick(summary).keys()]));
  const rows = [...keys].filter(filter).map((name) => ({ name, values: summaries.map((summary) => pick(summary).get(name) ?? 0) }));
  const order = (row) => (row.values.length > 1 ? row.values[1] - row.values[0] : row.values[0]);
  rows.sort((a, b) => order(b) - order(a));
  console.log(`\n${title} (µs per request${summaries.length > 1 ? ', ordered by second − first' : ''})`);
  for (const row of rows.slice(0, top)) console.log(`${row.values.map(ms).join(' ')}  ${row.name}`);
};
console.log(files.map((file, index) => `${file}: ${ms(summaries[index].totalMicros)} µs per request`).join('\n'));
print('self time', (summary) => summary.self, () => true);
print('total time of own frames', (summary) => summary.total, (name) => own.test(name));
