// The fast parser's full parse of the benchmark's generated document (what opening a file costs),
// and the memory its tree takes: minimum and median over many parses, in-process. Not part of
// `npm run bench`: a tool for checking that a change to the tree's nodes keeps the parse as fast.
//
//   node --expose-gc --import tsx test/bench/fullParse.ts [size in bytes, default 5000000] [parses, default 30]
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseTreeFast } from '../../server/src/service/document/fastParse';
import { generateDocument } from './generate';
import { median, ms } from './stats';

const size = Number(process.argv[2] ?? 5_000_000);
const parses = Number(process.argv[3] ?? 30);
const text = generateDocument(size, { plantError: true });
const gc = (globalThis as { gc?: () => void }).gc;
const times: number[] = [];
let kept: unknown;
for (let i = 0; i < parses + 3; i++) {
  kept = undefined;
  gc?.();
  const t0 = performance.now();
  kept = parseTreeFast(text);
  const t1 = performance.now();
  if (!kept) throw new Error('the fast parser declined the generated document');
  if (i >= 3) times.push(t1 - t0);
}
gc?.();
const heapWithTree = process.memoryUsage().heapUsed;
kept = undefined;
gc?.();
const heapWithout = process.memoryUsage().heapUsed;
console.log(`${text.length.toLocaleString('en')} characters, ${parses} parses, load average ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}`);
console.log(`  parse min ${ms(Math.min(...times))}  median ${ms(median(times))}`);
console.log(gc ? `  tree ${((heapWithTree - heapWithout) / 1048576).toFixed(1)} MiB of heap` : '  (run with --expose-gc for the tree\'s size)');
