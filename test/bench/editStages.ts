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
import { performance } from 'node:perf_hooks';
import * as os from 'node:os';
import { LanguageService } from '../../server/src/service/languageService';
import { StoredDocument } from '../../server/src/service/document/storedDocument';
import { generateDocument } from './generate';
import { ms } from './stats';

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
const min: Record<string, number> = {};
const sum: Record<string, number> = {};
for (const s of stages) {
  min[s] = Infinity;
  sum[s] = 0;
}
let cpuTotal = 0;
for (let i = 0; i < rounds + 5; i++) {
  const change =
    i % 2 === 0
      ? { range: { start: { line, character }, end: { line, character } }, text: 'x' }
      : { range: { start: { line, character }, end: { line, character: character + 1 } }, text: '' };
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
  if (i < 5) continue;
  const times = { update: t1 - t0, lines: t3 - t2, parse: t4 - t3, check: t5 - t4, total: t5 - t0 };
  for (const s of stages) {
    min[s] = Math.min(min[s], times[s]);
    sum[s] += times[s];
  }
  cpuTotal += (cpu.user + cpu.system) / 1000;
}
console.log(`${text.length.toLocaleString('en')} characters, edit in ${where === 'item' ? 'a schemas item' : 'the name'}, ${rounds} rounds, load average ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}`);
for (const s of stages) console.log(`  ${s.padEnd(8)} min ${ms(min[s]).padStart(9)}  mean ${ms(sum[s] / rounds).padStart(9)}`);
console.log(`  CPU per round (mean) ${ms(cpuTotal / rounds)}`);
