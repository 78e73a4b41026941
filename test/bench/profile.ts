// CPU profile of the bundled language server during the benchmark's edit rounds, summarised by self
// time per function. Not part of `npm run bench`: a tool for finding where a round trip's time goes.
//
//   node --import tsx test/bench/profile.ts [size in bytes, default 1000000] [rounds, default 40] [warm-up rounds, default 2]
//
// It starts dist/server.js with --cpu-prof (the profile is written when the server exits), opens the
// benchmark's generated document, runs didChange + textDocument/diagnostic rounds, and prints the
// functions with the most self time per round (samples taken during the rounds only) and the median
// round trip, then the same samples by module of the bundle (the `// path` comments esbuild writes
// before each module): self time per module, and the time under each of a few layers (vscode-jsonrpc,
// vscode-languageserver, server/src/lsp, the engine in server/src/service) counted once per sample at
// the innermost frame of that layer, so a handler's time includes the engine's only where noted.
// Warm-up rounds (not profiled) let V8 optimise first, as a session of typing does. The .cpuprofile file is
// kept (its path is printed) and opens in Chrome's DevTools. PROFILE_GAP_MS pauses before each round; PROFILE_TOP sets
// how many functions the inclusive list (time with the function anywhere on the stack) shows.
// PROFILE_NEIGHBOURS=N starts N engine-alone processes (engineFloor.ts, bundled) on the same document and
// has each answer one round between two of the server's, as the benchmark's pull part runs its rounds
// beside other processes holding the document: each round then meets caches those processes took over.
// PROFILE_EVICT_MB=N has another process write over N MB of its memory before each round, so each round
// meets caches that process took over (64-byte strides: every cache line, not a memset, which large
// sizes turn into stores that bypass the caches).
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startEngineFloor } from './floors';
import { generateDocument } from './generate';
import { LspClient } from './lspClient';
import { median, ms } from './stats';

interface ProfileNode {
  id: number;
  callFrame: ProfileFrame;
  children?: number[];
}
interface ProfileFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface Profile {
  /** Microseconds on the monotonic clock process.hrtime uses (the same in every process of the machine). */
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const ROOT = path.resolve(__dirname, '..', '..');

async function main(): Promise<void> {
  const size = Number(process.argv[2] ?? 1_000_000);
  const rounds = Number(process.argv[3] ?? 40);
  const warmup = Number(process.argv[4] ?? 2);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'polysync-profile-'));
  const client = await LspClient.start(
    { label: 'polysync', command: process.execPath, args: ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-interval=${Number(process.env.PROFILE_INTERVAL_US ?? 1000)}`, path.join(ROOT, 'dist', 'server.js'), '--stdio'] },
    { pullDiagnostics: true },
  );
  const text = generateDocument(size, { plantError: true });
  const uri = 'file:///profile/doc.polysync.json';
  client.open(uri, 'polysync', 1, text);
  await client.request('textDocument/diagnostic', { textDocument: { uri } });
  const at = text.indexOf('"name": "') + '"name": "'.length + 10;
  const line = text.slice(0, at).split('\n').length - 1;
  const character = at - (text.lastIndexOf('\n', at - 1) + 1);
  const edit = (i: number) =>
    i % 2 === 0
      ? { range: { start: { line, character }, end: { line, character } }, text: 'x' }
      : { range: { start: { line, character }, end: { line, character: character + 1 } }, text: '' };
  const neighbours = await Promise.all(Array.from({ length: Number(process.env.PROFILE_NEIGHBOURS ?? 0) }, () => startEngineFloor(text, { line, character }, warmup)));
  const evictor = startEvictor(Number(process.env.PROFILE_EVICT_MB ?? 0));
  let version = 1;
  for (let i = 0; i < warmup; i++) {
    client.change(uri, ++version, [edit(i)]);
    await client.request('textDocument/diagnostic', { textDocument: { uri } });
  }
  const samples: number[] = [];
  /** Each round's start and end on the profile's clock (microseconds). */
  const spans: [number, number][] = [];
  // Only the samples taken during the rounds count: start-up and the first check are left out.
  const roundsFrom = Number(process.hrtime.bigint() / 1000n);
  // PROFILE_GAP_MS: a pause before each round, as between keystrokes, so each round meets a server
  // whose caches other work has had time to take over (idle time then includes the pauses).
  const gapMs = Number(process.env.PROFILE_GAP_MS ?? 0);
  for (let i = 0; i < rounds; i++) {
    if (gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
    for (const neighbour of neighbours) await neighbour.sample();
    await evictor?.sweep();
    const from = Number(process.hrtime.bigint() / 1000n);
    const t0 = performance.now();
    client.change(uri, ++version, [edit(warmup + i)]);
    await client.request('textDocument/diagnostic', { textDocument: { uri } });
    samples.push(performance.now() - t0);
    spans.push([from, Number(process.hrtime.bigint() / 1000n)]);
  }
  const roundsTo = Number(process.hrtime.bigint() / 1000n);
  for (const neighbour of neighbours) neighbour.close();
  evictor?.close();
  await client.stop();
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no profile written into ${dir}`);
  const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const modules = bundleModules(path.join(ROOT, 'dist', 'server-core.js'));
  const parents = new Map<number, ProfileNode>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parents.set(c, n);
  const selfByModule = new Map<string, number>();
  const underLayer = new Map<string, number>();
  /** Time with the function anywhere on the stack (counted once per sample), idle left out. */
  const inclusive = new Map<string, number>();
  let sampledAt = profile.startTime;
  let inRounds = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    sampledAt += profile.timeDeltas[i] ?? 0;
    if (sampledAt < roundsFrom || sampledAt > roundsTo) continue;
    inRounds += (profile.timeDeltas[i] ?? 0) / 1000;
    const node = byId.get(profile.samples[i])!;
    const frame = node.callFrame;
    const key = `${frame.functionName || '(anonymous)'} ${path.basename(frame.url)}:${frame.lineNumber + 1}`;
    const delta = (profile.timeDeltas[i] ?? 0) / 1000;
    self.set(key, (self.get(key) ?? 0) + delta);
    // The leaf's module; a frame outside the bundle (Node, V8) is named with the bundle module that called it.
    let owner: ProfileNode | undefined = node;
    while (owner && !isBundle(owner.callFrame)) owner = parents.get(owner.id);
    const leaf = isBundle(frame) ? modules.at(frame.lineNumber) : `${frame.url ? 'node' : frame.functionName} (under ${owner ? modules.at(owner.callFrame.lineNumber) : 'no bundle frame'})`;
    selfByModule.set(leaf, (selfByModule.get(leaf) ?? 0) + delta);
    const layers = new Set<string>();
    for (let n: ProfileNode | undefined = node; n; n = parents.get(n.id)) if (isBundle(n.callFrame)) layers.add(layerOf(modules.at(n.callFrame.lineNumber)));
    for (const layer of layers) underLayer.set(layer, (underLayer.get(layer) ?? 0) + delta);
    if (frame.functionName === '(idle)') continue;
    const onStack = new Set<string>();
    for (let n: ProfileNode | undefined = node; n; n = parents.get(n.id)) {
      const f = n.callFrame;
      onStack.add(`${f.functionName || '(anonymous)'} ${isBundle(f) ? modules.at(f.lineNumber) : path.basename(f.url)}:${f.lineNumber + 1}`);
    }
    for (const key of onStack) inclusive.set(key, (inclusive.get(key) ?? 0) + delta);
  }
  console.log(`${rounds} rounds on ${text.length.toLocaleString('en')} characters: round trip median ${ms(median(samples))}, min ${ms(Math.min(...samples))}`);
  console.log(`profile: ${path.join(dir, file)}; ${inRounds.toFixed(0)} ms of it during the rounds (${(inRounds / rounds).toFixed(2)} ms per round, idle included), summarised below`);
  console.log('self time per round, top 30:');
  for (const [key, total] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
    console.log(`  ${(total / rounds).toFixed(2).padStart(7)} ms  ${key}`);
  }
  // Per round: how long until the server's first busy sample, how long from its first to its last busy
  // sample, and from the last to the answer's arrival (the client's reading and the wake-ups around it).
  const busy: number[] = [];
  sampledAt = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    sampledAt += profile.timeDeltas[i] ?? 0;
    if (byId.get(profile.samples[i])!.callFrame.functionName !== '(idle)') busy.push(sampledAt);
  }
  const leadIn: number[] = [];
  const inServer: number[] = [];
  const tail: number[] = [];
  let k = 0;
  for (const [from, to] of spans) {
    while (k < busy.length && busy[k] < from) k++;
    let last = -1;
    let firstAt = -1;
    for (let j = k; j < busy.length && busy[j] <= to; j++) {
      if (firstAt < 0) firstAt = busy[j];
      last = busy[j];
    }
    if (firstAt < 0) continue;
    leadIn.push((firstAt - from) / 1000);
    inServer.push((last - firstAt) / 1000);
    tail.push((to - last) / 1000);
  }
  console.log(`per round (medians, sampled every ${Number(process.env.PROFILE_INTERVAL_US ?? 1000)} us): until the server's first busy sample ${ms(median(leadIn))}; first to last busy sample ${ms(median(inServer))}; last busy sample to the answer read ${ms(median(tail))}`);
  console.log('self time per round by module (frames outside the bundle under the module that called them), top 25:');
  for (const [key, total] of [...selfByModule].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.log(`  ${(total / rounds).toFixed(3).padStart(7)} ms  ${key}`);
  }
  console.log(`time per round with the function on the stack (idle left out), top ${Number(process.env.PROFILE_TOP ?? 40)}:`);
  for (const [key, total] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.PROFILE_TOP ?? 40))) {
    console.log(`  ${(total / rounds).toFixed(3).padStart(7)} ms  ${key}`);
  }
  console.log('time per round with a frame of the layer on the stack (layers nest: lsp includes the engine it calls):');
  for (const [key, total] of [...underLayer].sort((a, b) => b[1] - a[1])) {
    console.log(`  ${(total / rounds).toFixed(3).padStart(7)} ms  ${key}`);
  }
}

function isBundle(frame: ProfileFrame): boolean {
  return frame.url.endsWith('server-core.js');
}

/** The broad layer a bundle module belongs to. */
function layerOf(module: string): string {
  if (module.includes('vscode-jsonrpc')) return 'vscode-jsonrpc';
  if (module.includes('vscode-languageserver')) return 'vscode-languageserver(-protocol)';
  if (module.startsWith('server/src/lsp/')) return 'server/src/lsp';
  if (module.startsWith('server/src/service/')) return 'server/src/service (engine)';
  return module.split('/').slice(0, 2).join('/');
}

/** Which module of the bundle each line belongs to, from the `// path` comments esbuild writes. */
function bundleModules(file: string): { at(line: number): string } {
  const starts: { line: number; module: string }[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, index) => {
      const match = /^\/\/ ((?:node_modules|server|protocol|schemas)\/\S+)$/.exec(text);
      if (match) starts.push({ line: index, module: match[1] });
    });
  return {
    at(line) {
      let lo = 0;
      let hi = starts.length - 1;
      let found = '(bundle prelude)';
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (starts[mid].line <= line) {
          found = starts[mid].module;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      return found;
    },
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

/** A process that writes over `mb` megabytes of its own memory each time it is asked to: what another busy process leaves in the caches. */
function startEvictor(mb: number): { sweep(): Promise<void>; close(): void } | undefined {
  if (!(mb > 0)) return undefined;
  const script = `const b = Buffer.alloc(${mb} * 1048576); let n = 0; process.stdin.on('data', () => { n++; for (let i = 0; i < b.length; i += 64) b[i] += n; process.stdout.write('.'); });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  return {
    sweep: () => new Promise<void>((resolve) => {
      child.stdout.once('data', () => resolve());
      child.stdin.write('.');
    }),
    close: () => child.kill(),
  };
}
