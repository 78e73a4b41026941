// In-process cost of taking one edit into the server's documents, before the checks run: the way the
// server did it with vscode-languageserver-textdocument (TextDocument.update, then the parse compares
// the old and new texts and derives a second line index, and the size limit encodes the text to count
// its UTF-8 bytes) against the document store (StoredDocument.update with its one line index, the
// editor's change handed to the parse, the UTF-8 size kept up to date). Not part of `npm run bench`.
//
//   node --import tsx test/bench/documentUpdate.ts [rounds, default 60]
//
// Both paths run the same edits on the benchmark's documents, alternating, and print the median and
// the lower quartile per edit (the machine is shared: the quartile is the less disturbed figure).
import { performance } from 'node:perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentCache } from '../../server/src/service/document/document';
import { StoredDocument } from '../../server/src/service/document/storedDocument';
import { generateDocument } from './generate';
import { median, ms, percentile, table } from './stats';

function edit(text: string, n: number, line: number, character: number) {
  void text;
  return n % 2 === 0
    ? { range: { start: { line, character }, end: { line, character } }, text: 'x' }
    : { range: { start: { line, character }, end: { line, character: character + 1 } }, text: '' };
}

const rounds = Number(process.argv[2] ?? 60);
const rows: string[][] = [];
for (const [label, size] of [['70 KB', 70_000], ['1 MB', 1_000_000], ['5 MB', 5_000_000]] as const) {
  const text = generateDocument(size, { plantError: true });
  const at = text.indexOf('"name": "') + '"name": "'.length + 10;
  const line = text.slice(0, at).split('\n').length - 1;
  const character = at - (text.lastIndexOf('\n', at - 1) + 1);

  const oldCache = new DocumentCache();
  let old = TextDocument.create('file:///old.polysync.json', 'polysync', 1, text);
  oldCache.get(old).positionAt(0);
  const newCache = new DocumentCache();
  let stored = StoredDocument.create('file:///new.polysync.json', 'polysync', 1, text);
  newCache.get(stored).positionAt(0);
  void stored.utf8Bytes;

  const before: number[] = [];
  const after: number[] = [];
  for (let i = 0; i < rounds + 4; i++) {
    const change = edit(text, i, line, character);
    let t0 = performance.now();
    old = TextDocument.update(old, [change], old.version + 1);
    Buffer.byteLength(old.getText(), 'utf8');
    const parsedOld = oldCache.get(old);
    parsedOld.positionAt(parsedOld.text.length);
    const oldMs = performance.now() - t0;
    t0 = performance.now();
    stored = StoredDocument.update(stored, [change], stored.version + 1);
    void stored.utf8Bytes;
    const parsedNew = newCache.get(stored);
    parsedNew.positionAt(parsedNew.text.length);
    const newMs = performance.now() - t0;
    if (parsedNew.text !== parsedOld.text) throw new Error('the two paths disagree on the text');
    if (i >= 4) {
      before.push(oldMs);
      after.push(newMs);
    }
  }
  rows.push([label, ms(median(before)), ms(percentile(before, 25)), ms(median(after)), ms(percentile(after, 25))]);
}
console.log('Taking one edit into the documents, parse brought up to date, line index ready (in-process, per edit)');
console.log(table(['document', 'TextDocument + compare + 2nd index: median', 'lower quartile', 'StoredDocument: median', 'lower quartile'], rows));
