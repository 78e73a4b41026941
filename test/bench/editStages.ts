// Where the in-process time of one edit goes, stage by stage, on the benchmark's documents: taking the
// editor's change into a StoredDocument, deriving the line index, bringing the parse up to date (tree
// reuse), and the full check. (Nothing here reads the whole new text, as the server's check does not:
// reading it once would make V8 copy it into one flat string, see editedText.ts.) Minima over
// many rounds, and CPU time, because the machine is shared. Not part of `npm run bench`.
//
//   node --import tsx test/bench/editStages.ts [size in bytes, default 1000000] [rounds, default 60] [where]
//
// The edit is inside the `name` value on line 2, as in the benchmark; with `where` = `item`, inside a
// field id of a `schemas` item in the middle of the document instead.
//
// Back to back, the rounds meet warm caches, which a keystroke in the editor never does: between two
// of them the editor, the client and other processes ran. Two settings make each round cold, and the
// medians then tell what a keystroke costs (the minima stay the warm floor):
//   EDIT_STAGES_GAP_MS=3      wait that long between rounds (on a timer, as the server waits for input)
//   EDIT_STAGES_EVICT_MB=64   write over a buffer of that many megabytes before each round, as other work
//                             would (64 MB is more than this machine's caches)
// With both, 70 KB costs about what the benchmark's engine-alone process (engineFloor.ts) measures.
// For a profile, bundle it (npx esbuild test/bench/editStages.ts --bundle --platform=node
// --main-fields=module,main --outfile=/tmp/stages.js) and run that with --cpu-prof --cpu-prof-interval 10.
import { performance } from 'node:perf_hooks';
import * as os from 'node:os';
import { LanguageService } from '../../server/src/service/languageService';
import { StoredDocument } from '../../server/src/service/document/storedDocument';
import { generateDocument } from './generate';
import { median, ms as msRounded } from './stats';

/** Milliseconds, to the microsecond below one (a keystroke's stages are tenths of one). */
const ms = (value: number): string => (value < 1 ? `${value.toFixed(3)} ms` : msRounded(value));

const size = Number(process.argv[2] ?? 1_000_000);
const rounds = Number(process.argv[3] ?? 60);
const text = generateDocument(size, { plantError: true });
const where = process.argv[4] ?? 'name';
const at = where === 'item' ? text.indexOf('"Field_', text.length >> 1) + 3 : text.indexOf('"name": "') + '"name": "'.length + 10;
const line = text.slice(0, at).split('\n').length - 1;
const character = at - (text.lastIndexOf('\n', at - 1) + 1);
const service = new LanguageService();
let document = StoredDocument.create('file:///stages/doc.polysync.json', 'polysync', 1, text);
service.diagnostics(document);

const stages = ['update', 'lines', 'parse', 'check', 'total'] as const;
const gapMs = Number(process.env.EDIT_STAGES_GAP_MS ?? 0);
const evict = new Uint8Array(Number(process.env.EDIT_STAGES_EVICT_MB ?? 0) * 1024 * 1024);
const samples: Record<string, number[]> = {};
for (const s of stages) samples[s] = [];
let cpuTotal = 0;

function round(i: number): void {
  const change =
    i % 2 === 0
      ? { range: { start: { line, character }, end: { line, character } }, text: 'x' }
      : { range: { start: { line, character }, end: { line, character: character + 1 } }, text: '' };
  for (let k = 0; k < evict.length; k += 64) evict[k]++;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  document = StoredDocument.update(document, [change], document.version + 1);
  const t1 = performance.now();
  const t2 = t1;
  void document.lines;
  const t3 = performance.now();
  void service.parse(document).root;
  const t4 = performance.now();
  const found = service.diagnostics(document) ?? [];
  const t5 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  if (found.length === 0) throw new Error('no diagnostics');
  if (i < 5) return;
  const times = { update: t1 - t0, lines: t3 - t2, parse: t4 - t3, check: t5 - t4, total: t5 - t0 };
  for (const s of stages) samples[s].push(times[s]);
  cpuTotal += (cpu.user + cpu.system) / 1000;
}

function report(): void {
  const cold = [gapMs > 0 ? `${gapMs} ms apart` : '', evict.length > 0 ? `${evict.length >> 20} MB written before each` : ''].filter(Boolean).join(', ');
  console.log(
    `${text.length.toLocaleString('en')} characters, edit in ${where === 'item' ? 'a schemas item' : 'the name'}, ${rounds} rounds${cold ? ` (${cold})` : ''}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}`,
  );
  for (const s of stages) {
    const all = samples[s];
    const mean = all.reduce((a, b) => a + b, 0) / all.length;
    console.log(`  ${s.padEnd(8)} min ${ms(Math.min(...all)).padStart(9)}  median ${ms(median(all)).padStart(9)}  mean ${ms(mean).padStart(9)}`);
  }
  console.log(`  CPU per round (mean) ${ms(cpuTotal / rounds)}`);
}

if (gapMs > 0) {
  let i = 0;
  const next = (): void => {
    round(i++);
    if (i < rounds + 5) setTimeout(next, gapMs);
    else report();
  };
  next();
} else {
  for (let i = 0; i < rounds + 5; i++) round(i);
  report();
}
