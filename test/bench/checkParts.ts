// The parts of a check after a one-character edit, in-process: the schema walk, the rules, the policy
// (rule settings and suppression comments) and sorting. Minima over many rounds (the machine is
// shared). Not part of `npm run bench`: a tool for finding what an incremental check still spends.
//
//   node --import tsx test/bench/checkParts.ts [size in bytes, default 1000000] [rounds, default 60]
//   (CHECK_PARTS_EVICT_MB=8: each round after other memory was written, see below)
import { performance } from 'node:perf_hooks';
import * as os from 'node:os';
import { DocumentCache, isCleanParse } from '../../server/src/service/document/document';
import { StoredDocument } from '../../server/src/service/document/storedDocument';
import { createReporter } from '../../server/src/service/diagnostics/reporter';
import { validateAgainstSchema } from '../../server/src/service/diagnostics/schemaValidation';
import { runRules } from '../../server/src/service/diagnostics/rules';
import { applyPolicy } from '../../server/src/service/diagnostics/policy';
import type { Diagnostic } from 'vscode-languageserver-types';
import { generateDocument } from './generate';
import { median } from './stats';

const size = Number(process.argv[2] ?? 1_000_000);
const rounds = Number(process.argv[3] ?? 60);
const text = generateDocument(size, { plantError: true });
const at = text.indexOf('"name": "') + '"name": "'.length + 10;
const line = text.slice(0, at).split('\n').length - 1;
const character = at - (text.lastIndexOf('\n', at - 1) + 1);
const cache = new DocumentCache();
let document = StoredDocument.create('file:///parts/doc.polysync.json', 'polysync', 1, text);
const parts = ['schema', 'rules', 'policy', 'sort'] as const;
const min: Record<string, number> = Object.fromEntries(parts.map((p) => [p, Infinity]));
const all: Record<string, number[]> = Object.fromEntries(parts.map((p) => [p, []]));
// CHECK_PARTS_EVICT_MB: write over a buffer of that many megabytes before each round, so that each
// check meets caches other work has emptied, as a keystroke after a pause does (the parts' medians
// then tell what a cold check spends where; the minima stay the warm floor).
const evict = new Uint8Array(Number(process.env.CHECK_PARTS_EVICT_MB ?? 0) * 1024 * 1024);
for (let i = 0; i < rounds + 5; i++) {
  const change =
    i % 2 === 0
      ? { range: { start: { line, character }, end: { line, character } }, text: 'x' }
      : { range: { start: { line, character }, end: { line, character: character + 1 } }, text: '' };
  if (i > 0) document = StoredDocument.update(document, [change], document.version + 1);
  const doc = cache.get(document);
  const root = doc.root!;
  doc.positionAt(0);
  const found: Diagnostic[] = [];
  const reporter = createReporter(doc, found);
  const reuse = isCleanParse(doc);
  if (evict.length > 0) evict.fill(i & 255);
  const t0 = performance.now();
  validateAgainstSchema(root, reporter, { reuse });
  const t1 = performance.now();
  runRules({ doc, root, reporter }, { reuse });
  const t2 = performance.now();
  const kept = applyPolicy(doc, found, {});
  const t3 = performance.now();
  kept.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  const t4 = performance.now();
  if (i < 5) continue;
  const times = { schema: t1 - t0, rules: t2 - t1, policy: t3 - t2, sort: t4 - t3 };
  for (const p of parts) {
    min[p] = Math.min(min[p], times[p]);
    all[p].push(times[p]);
  }
}
console.log(`${text.length.toLocaleString('en')} characters, ${rounds} rounds (minima; medians), ${evict.length ? `caches emptied before each (${evict.length >> 20} MB), ` : ''}load average ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}`);
for (const p of parts) console.log(`  ${p.padEnd(7)} ${min[p].toFixed(4).padStart(7)} ms; ${median(all[p]).toFixed(4).padStart(7)} ms`);
