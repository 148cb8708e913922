// Where an app's CPU goes while it answers requests: reads the V8 CPU profiles and the answering
// windows that bench/interactions.ts's table 2 leaves with BENCH_CPU_PROF (bench/serve.ts), and
// prints per kind and app the CPU per request inside the windows and the functions it went to.
// The work after an ack waits for a quiet moment (src/slack/ack-first.ts), so inside a window is
// mostly the work before the acks; BENCH_SEQ=1 sends a round's requests one after another, which
// keeps the rest out of the windows altogether.
//   BENCH_SEQ=1 BENCH_ONLY=latency BENCH_CPU_PROF=/tmp/prof node --import tsx bench/interactions.ts
//   node --import tsx bench/ack-profile.ts /tmp/prof [kind] [top]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}
interface Window {
  start: number;
  end: number;
  requests: number;
  label?: string;
}

const [dir, onlyKind, topArg, callersOf] = process.argv.slice(2);
if (!dir) {
  throw new Error('usage: node --import tsx bench/ack-profile.ts <dir> [kind] [top] [function]');
}
const TOP = Number(topArg ?? 15);

/** A frame's name: the function and where it is, the package for code under node_modules. */
function frameName({ functionName, url, lineNumber }: CallFrame): string {
  const name = functionName || '(anonymous)';
  if (!url) return name;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(url);
  const where = pkg
    ? `${pkg[1]}/${pkg[2]}`
    : url.replace(/^.*?\/(src|handlers|jobs|bench)\//, '$1/');
  return `${name} ${where}:${lineNumber + 1}`;
}

/** What a frame belongs to: a package, node's own code, or the project's folder. */
function ownerOf({ url, functionName }: CallFrame): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return 'node';
  const own = /\/(src\/[^/]+|handlers|jobs|bench)\//.exec(url);
  return own ? own[1]! : url;
}

function analyse(profile: Profile, windows: Window[]) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const kinds = new Map<
    string,
    {
      requests: number;
      busyUs: number;
      self: Map<string, number>;
      total: Map<string, number>;
      owners: Map<string, number>;
      /** With `callersOf`: the stacks under which a function of that name ran. */
      stacks: Map<string, number>;
      /** With `callersOf`: the functions that ran under it, by their own time. */
      below: Map<string, number>;
    }
  >();
  for (const w of windows) {
    const label = w.label ?? '(seeding)';
    if (label.endsWith('warm-up')) continue;
    const k = kinds.get(label) ?? {
      requests: 0,
      busyUs: 0,
      self: new Map(),
      total: new Map(),
      owners: new Map(),
      stacks: new Map(),
      below: new Map(),
    };
    k.requests += w.requests;
    kinds.set(label, k);
  }
  const sorted = windows
    .filter((w) => !w.label?.endsWith('warm-up'))
    .sort((a, b) => a.start - b.start);
  let t = profile.startTime;
  let wi = 0;
  const add = (m: Map<string, number>, key: string, us: number) =>
    m.set(key, (m.get(key) ?? 0) + us);
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i]!;
    t += delta;
    while (wi < sorted.length && sorted[wi]!.end < t) wi++;
    const w = sorted[wi];
    if (!w || t < w.start) continue;
    const node = byId.get(profile.samples[i]!)!;
    const fn = node.callFrame.functionName;
    if (fn === '(idle)' || fn === '(program)') continue;
    const k = kinds.get(w.label ?? '(seeding)')!;
    // A sample stands for the time until the next one.
    const us = profile.timeDeltas[i + 1] ?? delta;
    k.busyUs += us;
    add(k.self, frameName(node.callFrame), us);
    add(k.owners, ownerOf(node.callFrame), us);
    const seen = new Set<string>();
    const stack: string[] = [];
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const name = frameName(byId.get(id)!.callFrame);
      if (!seen.has(name)) add(k.total, name, us);
      seen.add(name);
      stack.push(name);
    }
    const at = callersOf
      ? stack.findIndex((name) => name === callersOf || name.startsWith(`${callersOf} `))
      : -1;
    if (at >= 0) {
      add(k.stacks, stack.slice(at, at + 8).join(' < '), us);
      add(k.below, stack[0]!, us);
    }
  }
  return kinds;
}

function top(m: Map<string, number>, requests: number, n: number): string[] {
  return [...m]
    .sort(([, a], [, b]) => b - a)
    .slice(0, n)
    .map(([name, us]) => `  ${(us / requests).toFixed(0).padStart(6)} µs  ${name}`);
}

const files = readdirSync(dir);
for (const file of files.filter((f) => f.startsWith('answering.'))) {
  const [, mode, pid] = file.split('.');
  const profileFile = files.find((f) => f.endsWith('.cpuprofile') && f.includes(`.${pid}.`));
  if (!profileFile) continue;
  const profile = JSON.parse(readFileSync(join(dir, profileFile), 'utf8')) as Profile;
  const windows = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Window[];
  for (const [kind, k] of analyse(profile, windows)) {
    if (onlyKind && kind !== onlyKind) continue;
    if (!k.requests) continue;
    console.log(
      `\n== ${mode} ${kind}: ${k.requests} requests, ${(k.busyUs / k.requests).toFixed(0)} µs CPU per request while answering`,
    );
    console.log(' by owner:');
    console.log(top(k.owners, k.requests, TOP).join('\n'));
    console.log(' self:');
    console.log(top(k.self, k.requests, TOP).join('\n'));
    if (callersOf) {
      console.log(` under ${callersOf}:`);
      console.log(top(k.stacks, k.requests, TOP).join('\n'));
      console.log(` what ran under ${callersOf}:`);
      console.log(top(k.below, k.requests, TOP).join('\n'));
      continue;
    }
    if (mode === 'desk') {
      console.log(' inclusive (project code):');
      const own = new Map([...k.total].filter(([name]) => / (src|handlers)\//.test(name)));
      console.log(top(own, k.requests, TOP).join('\n'));
    }
  }
}
