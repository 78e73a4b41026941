// The floors the round trips are compared with, each timed inside a Node process of its own (so the
// benchmark's heap does not slow it) and sampled on request, one sample right after each of our
// rounds so both see the same load: JSON.parse of the same text, and the engine alone (engineFloor.ts).
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { benchBundle } from './bundle';
import { processCpuMs } from './lspClient';

const ROOT = path.resolve(__dirname, '..', '..');

/** A child process that answers each line written to it with one line; the document is in a temporary file. */
class LineSampler<T> {
  private buffered = '';
  private readonly waiting: ((sample: T) => void)[] = [];

  constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly dir: string,
    private readonly read: (line: string) => T,
  ) {
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      this.buffered += chunk;
      let newline: number;
      while ((newline = this.buffered.indexOf('\n')) >= 0) {
        const line = this.buffered.slice(0, newline);
        this.buffered = this.buffered.slice(newline + 1);
        this.waiting.shift()?.(this.read(line));
      }
    });
  }

  /** Writes `text` to a temporary file and starts `args` (given that file) as a sampler. */
  static start<T>(text: string, args: (file: string) => string[], read: (line: string) => T): LineSampler<T> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'polysync-floor-'));
    const file = path.join(dir, 'doc.json');
    writeFileSync(file, text);
    return new LineSampler(spawn(process.execPath, args(file), { stdio: ['pipe', 'pipe', 'pipe'], cwd: ROOT }), dir, read);
  }

  sample(): Promise<T> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.child.stdin.write('round\n');
    });
  }

  /** The sampler process's CPU time so far (ms, every thread, from /proc): measured the way the server's is. */
  cpuMs(): number {
    return processCpuMs(this.child.pid);
  }

  close(): void {
    this.child.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** JSON.parse of the same text: one sample (ms) per request. */
export async function startJsonParseFloor(text: string): Promise<LineSampler<number>> {
  const script = (file: string) => `
    const text = require('fs').readFileSync(${JSON.stringify(file)}, 'utf8');
    const { performance } = require('perf_hooks');
    require('readline').createInterface({ input: process.stdin }).on('line', () => {
      const t0 = performance.now();
      let value = JSON.parse(text);
      const elapsed = performance.now() - t0;
      // The parsed value (tens of megabytes at 5 MB) is collected before answering: collected later, it
      // would keep the machine's cores busy during the next round trip the benchmark times.
      value = undefined;
      gc();
      process.stdout.write(String(elapsed) + '\\n');
    });`;
  const floor = LineSampler.start(text, (file) => ['--expose-gc', ...(process.env.FLOOR_FLAGS ?? '').split(' ').filter(Boolean), '-e', script(file)], Number);
  for (let i = 0; i < 3; i++) await floor.sample(); // warm-up
  return floor;
}

/**
 * The engine alone (engineFloor.ts): the same edit applied to a StoredDocument and the full diagnostics
 * computed, wall and CPU time per round. The round trip minus this is what the wire costs. It runs
 * bundled as the server is (bundle.ts), so both sides of the difference run the same code.
 */
export async function startEngineFloor(text: string, editAt: { line: number; character: number }, warmup: number): Promise<LineSampler<{ ms: number; cpuMs: number }>> {
  const script = benchBundle(path.join(__dirname, 'engineFloor.ts'));
  const floor = LineSampler.start(text, (file) => [script, file, String(editAt.line), String(editAt.character)], (line) => {
    const [ms, cpuMs] = line.split(' ').map(Number);
    return { ms, cpuMs };
  });
  // The same warm-up rounds as the server gets.
  for (let i = 0; i < warmup; i++) await floor.sample();
  return floor;
}
