// Two builds of the language server side by side on the benchmark's edit rounds, their rounds
// interleaved so that the load on the machine weighs on both alike: how a change is measured before it
// goes into docs/performance.md. Not part of `npm run bench`.
//
//   node --import tsx test/bench/compare.ts <other dist/server.js> [rounds per size, default 30]
//        [sizes in bytes, comma-separated, default 70000,1000000,5000000] [warm-up rounds, default 2]
//
// Prints, per document size, the median round trip (didChange + textDocument/diagnostic) and the
// server's CPU time per round for this checkout's dist/server.js and for the other one: from /proc in
// 10 ms ticks, and from each thread's schedstat in nanoseconds (every thread, and the main thread
// alone). COMPARE_GAP_MS pauses before each pair of rounds.
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateDocument } from './generate';
import { LspClient, processSchedCpuMs } from './lspClient';
import { median, ms, table } from './stats';

const ROOT = path.resolve(__dirname, '..', '..');

interface Side {
  label: string;
  client: LspClient;
  samples: number[];
  cpu: number;
  /** CPU time over the recorded rounds from schedstat: every thread, and the main thread alone. */
  schedAll: number;
  schedMain: number;
  version: number;
}

async function open(label: string, server: string, uri: string, text: string): Promise<Side> {
  const client = await LspClient.start({ label, command: process.execPath, args: [server, '--stdio'] }, { pullDiagnostics: true });
  client.open(uri, 'polysync', 1, text);
  await client.request('textDocument/diagnostic', { textDocument: { uri } });
  return { label, client, samples: [], cpu: 0, schedAll: 0, schedMain: 0, version: 1 };
}

async function round(side: Side, uri: string, edit: object, record: boolean): Promise<void> {
  const cpu0 = side.client.cpuMs();
  const sched0 = processSchedCpuMs(side.client.process.pid);
  const t0 = performance.now();
  side.client.change(uri, ++side.version, [edit]);
  const report = await side.client.request('textDocument/diagnostic', { textDocument: { uri } });
  const elapsed = performance.now() - t0;
  if (report.kind !== 'full' || !Array.isArray(report.items) || report.items.length === 0) throw new Error(`${side.label}: no full report`);
  if (record) {
    side.samples.push(elapsed);
    side.cpu += side.client.cpuMs() - cpu0;
    const sched = processSchedCpuMs(side.client.process.pid);
    side.schedAll += sched.all - sched0.all;
    side.schedMain += sched.main - sched0.main;
  }
}

async function main(): Promise<void> {
  const other = path.resolve(process.argv[2] ?? '');
  const rounds = Number(process.argv[3] ?? 30);
  const sizes = (process.argv[4] ?? '70000,1000000,5000000').split(',').map(Number);
  const warmup = Number(process.argv[5] ?? 2);
  console.log(`load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}`);
  const rows: string[][] = [];
  for (const size of sizes) {
    const label = size >= 1_000_000 ? `${size / 1_000_000} MB` : `${Math.round(size / 1000)} KB`;
    const text = generateDocument(size, { plantError: true });
    const uri = `file:///compare/${size}.polysync.json`;
    const at = text.indexOf('"name": "') + '"name": "'.length + 10;
    const line = text.slice(0, at).split('\n').length - 1;
    const character = at - (text.lastIndexOf('\n', at - 1) + 1);
    const sides = [await open('this checkout', path.join(ROOT, 'dist', 'server.js'), uri, text), await open('other', other, uri, text)];
    try {
      const gapMs = Number(process.env.COMPARE_GAP_MS ?? 0);
      for (let i = 0; i < rounds + warmup; i++) {
        const edit =
          i % 2 === 0
            ? { range: { start: { line, character }, end: { line, character } }, text: 'x' }
            : { range: { start: { line, character }, end: { line, character: character + 1 } }, text: '' };
        // COMPARE_GAP_MS: a pause before each pair of rounds, as between keystrokes, so that each round
        // meets a server that has been idle (back to back, both stay warm in a way typing never does).
        if (gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
        // Alternate which goes first, so neither always follows the other's work.
        for (const side of i % 4 < 2 ? sides : [...sides].reverse()) await round(side, uri, edit, i >= warmup);
      }
    } finally {
      for (const side of sides) await side.client.stop();
    }
    const [mine, theirs] = sides;
    const q1 = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 4)];
    const cpu = (side: Side) => `${ms(side.cpu / rounds)}; ${(side.schedAll / rounds).toFixed(3)} / ${(side.schedMain / rounds).toFixed(3)} ms`;
    rows.push([label, `${ms(median(mine.samples))} (${ms(q1(mine.samples))})`, cpu(mine), `${ms(median(theirs.samples))} (${ms(q1(theirs.samples))})`, cpu(theirs)]);
  }
  console.log(table(['document', 'this checkout: round trip (first quartile)', 'CPU per round: ticks; schedstat all / main', `${other}: round trip (first quartile)`, 'CPU per round: ticks; schedstat all / main'], rows));
  console.log(`(${rounds} rounds per size after ${warmup} warm-up rounds each, medians; CPU per round averaged: from /proc/<pid>/stat in 10 ms ticks, and from each thread's schedstat (ns), every thread and the main thread alone; load average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(', ')})`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
