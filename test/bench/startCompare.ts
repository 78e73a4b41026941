// Start-up of several builds of the language server side by side, their starts interleaved so that the
// load on the machine weighs on all alike: how a start-up change is measured before it goes into
// docs/performance.md. Not part of `npm run bench`.
//
//   node --import tsx test/bench/startCompare.ts [starts, default 40] <server.js> [<server.js> ...]
//
// Each server.js (a launcher built with esbuild.mjs, e.g. `--production --outdir=DIR --only=server`) gets
// a code cache directory of its own, written by one start before the measured ones, as after an install.
// Per build it prints medians of: spawn to the `initialize` answer; the main thread's CPU time at the
// answer (/proc/<pid>/schedstat); both minus the same for Node answering `initialize` with nothing loaded
// (node-server.js, measured in the same rounds); and, after the answer, `initialized` + didOpen of a small
// document + a diagnostic pull, timed from the answer to the report (what an editor opening a file waits
// for next), with the CPU time the server spent on it, and from the spawn to that report. On a busy machine the lower quartile of the CPU
// times is the steadier figure: contention only ever adds to them.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LspClient, type ServerCommand } from './lspClient';
import { median, ms, percentile, table } from './stats';

/** The main thread's CPU time so far, in ms (nanoseconds in /proc/<pid>/schedstat). */
function mainThreadCpuMs(pid: number | undefined): number {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return NaN;
  }
}

interface Samples {
  wall: number[];
  cpu: number[];
  firstCheck: number[];
  firstCheckCpu: number[];
}

const SMALL_DOCUMENT = JSON.stringify({ name: 'start', mode: 'sideways', source: { connection_id: 'a' }, destination: { connection_id: 'b' } }, null, 2);

async function oneStart(server: ServerCommand, samples: Samples, check: boolean): Promise<void> {
  const client = await LspClient.start(server, { pullDiagnostics: true });
  try {
    samples.wall.push(client.initializedAt - client.spawnedAt);
    samples.cpu.push(mainThreadCpuMs(client.process.pid));
    if (!check) return;
    // LspClient.start has sent `initialized` already; the editor opens its file next.
    const uri = 'file:///start/first.polysync.json';
    client.open(uri, 'polysync', 1, SMALL_DOCUMENT);
    const report = await client.request('textDocument/diagnostic', { textDocument: { uri } });
    const at = performance.now();
    if (report.kind !== 'full' || report.items.length === 0) throw new Error(`${server.label}: no diagnostics for the first document: ${JSON.stringify(report)}`);
    samples.firstCheck.push(at - client.initializedAt);
    samples.firstCheckCpu.push(mainThreadCpuMs(client.process.pid) - samples.cpu[samples.cpu.length - 1]);
  } finally {
    await client.stop();
  }
}

async function warm(server: ServerCommand, cacheDir: string): Promise<void> {
  const client = await LspClient.start(server, { pullDiagnostics: true });
  try {
    const deadline = performance.now() + 20000;
    while (!(existsSync(cacheDir) && readdirSync(cacheDir).some((name) => name.endsWith('.v8cache')))) {
      if (performance.now() > deadline) throw new Error(`${server.label} wrote no code cache within 20 s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await client.stop();
  }
}

async function main(): Promise<void> {
  const starts = Number(process.argv[2]);
  const launchers = process.argv.slice(3).map((p) => path.resolve(p));
  if (!(starts > 0) || launchers.length === 0) {
    console.error('usage: node --import tsx test/bench/startCompare.ts <starts> <server.js> [<server.js> ...]');
    process.exit(2);
  }
  const work = mkdtempSync(path.join(os.tmpdir(), 'polysync-start-compare-'));
  try {
    const servers = launchers.map((launcher, i): ServerCommand => ({
      label: `${i + 1}: ${path.relative(process.cwd(), launcher) || launcher}`,
      command: process.execPath,
      args: [launcher, '--stdio'],
      env: { POLYSYNC_CACHE_DIR: path.join(work, `cache-${i}`), POLYTOMIC_API_KEY: '', POLYTOMIC_API_URL: '' },
    }));
    for (const [i, server] of servers.entries()) await warm(server, path.join(work, `cache-${i}`));
    const node: ServerCommand = { label: 'Node answering initialize', command: process.execPath, args: [path.join(__dirname, 'node-server.js')] };
    const all = [node, ...servers];
    const samples = all.map((): Samples => ({ wall: [], cpu: [], firstCheck: [], firstCheckCpu: [] }));
    const loadBefore = os.loadavg();
    for (let round = 0; round < starts; round++) {
      // Rotated, so that no build always follows the same one.
      for (let k = 0; k < all.length; k++) {
        const i = (round + k) % all.length;
        await oneStart(all[i], samples[i], i > 0);
      }
    }
    const loadAfter = os.loadavg();
    const nodeWall = median(samples[0].wall);
    const nodeCpu = median(samples[0].cpu);
    console.log(`${starts} starts each, interleaved; load average ${loadBefore[0].toFixed(2)} before, ${loadAfter[0].toFixed(2)} after`);
    console.log(
      table(
        ['server', 'to initialize answer', 'over Node', 'CPU at answer', 'CPU over Node', 'CPU over Node, 25th percentiles', 'answer to first report', 'its CPU', 'spawn to first report'],
        all.map((server, i) => [
          server.label,
          ms(median(samples[i].wall)),
          i === 0 ? '-' : ms(median(samples[i].wall) - nodeWall),
          ms(median(samples[i].cpu)),
          i === 0 ? '-' : ms(median(samples[i].cpu) - nodeCpu),
          i === 0 ? '-' : ms(percentile(samples[i].cpu, 25) - percentile(samples[0].cpu, 25)),
          i === 0 ? '-' : ms(median(samples[i].firstCheck)),
          i === 0 ? '-' : ms(median(samples[i].firstCheckCpu)),
          i === 0 ? '-' : ms(median(samples[i].firstCheck.map((check, k) => samples[i].wall[k] + check))),
        ]),
      ),
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
