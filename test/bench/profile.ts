// CPU profile of the bundled language server during the benchmark's edit rounds, summarised by self
// time per function. Not part of `npm run bench`: a tool for finding where a round trip's time goes.
//
//   node --import tsx test/bench/profile.ts [size in bytes, default 1000000] [rounds, default 40]
//
// It starts dist/server.js with --cpu-prof (the profile is written when the server exits), opens the
// benchmark's generated document, runs didChange + textDocument/diagnostic rounds, and prints the
// functions with the most self time per round (samples taken during the rounds only) and the median
// round trip. The .cpuprofile file is
// kept (its path is printed) and opens in Chrome's DevTools.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateDocument } from './generate';
import { LspClient } from './lspClient';
import { median, ms } from './stats';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
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
  const dir = mkdtempSync(path.join(os.tmpdir(), 'polysync-profile-'));
  const client = await LspClient.start(
    { label: 'polysync', command: process.execPath, args: ['--cpu-prof', `--cpu-prof-dir=${dir}`, path.join(ROOT, 'dist', 'server.js'), '--stdio'] },
    { pullDiagnostics: true },
  );
  const text = generateDocument(size, { plantError: true });
  const uri = 'file:///profile/doc.polysync.json';
  client.open(uri, 'polysync', 1, text);
  await client.request('textDocument/diagnostic', { textDocument: { uri } });
  const at = text.indexOf('"name": "') + '"name": "'.length + 10;
  const line = text.slice(0, at).split('\n').length - 1;
  const character = at - (text.lastIndexOf('\n', at - 1) + 1);
  const samples: number[] = [];
  // Only the samples taken during the rounds count: start-up and the first check are left out.
  const roundsFrom = Number(process.hrtime.bigint() / 1000n);
  for (let i = 0; i < rounds; i++) {
    const edit =
      i % 2 === 0
        ? { range: { start: { line, character }, end: { line, character } }, text: 'x' }
        : { range: { start: { line, character }, end: { line, character: character + 1 } }, text: '' };
    const t0 = performance.now();
    client.change(uri, i + 2, [edit]);
    await client.request('textDocument/diagnostic', { textDocument: { uri } });
    samples.push(performance.now() - t0);
  }
  const roundsTo = Number(process.hrtime.bigint() / 1000n);
  await client.stop();
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no profile written into ${dir}`);
  const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let sampledAt = profile.startTime;
  let inRounds = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    sampledAt += profile.timeDeltas[i] ?? 0;
    if (sampledAt < roundsFrom || sampledAt > roundsTo) continue;
    inRounds += (profile.timeDeltas[i] ?? 0) / 1000;
    const node = byId.get(profile.samples[i])!;
    const frame = node.callFrame;
    const key = `${frame.functionName || '(anonymous)'} ${path.basename(frame.url)}:${frame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  console.log(`${rounds} rounds on ${text.length.toLocaleString('en')} characters: round trip median ${ms(median(samples))}, min ${ms(Math.min(...samples))}`);
  console.log(`profile: ${path.join(dir, file)}; ${inRounds.toFixed(0)} ms of it during the rounds (${(inRounds / rounds).toFixed(2)} ms per round, idle included), summarised below`);
  console.log('self time per round, top 30:');
  for (const [key, total] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
    console.log(`  ${(total / rounds).toFixed(2).padStart(7)} ms  ${key}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
