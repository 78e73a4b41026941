// The engine alone, in a Node process of its own (as the server has one): the benchmark's document is
// opened in a StoredDocument, and on each line read from stdin the next one-character edit is applied
// and the full diagnostics are computed, exactly the work the server does for a didChange and a
// textDocument/diagnostic, without the connection. It prints the wall and CPU time of each round,
// measured inside the process. The benchmark subtracts it from the round trip over stdio: the rest is the wire's cost.
//
//   node <engineFloor.ts bundled by bundle.ts> <document file> <edit line> <edit character>
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { LanguageService } from '../../server/src/service/languageService';
import { StoredDocument } from '../../server/src/service/document/storedDocument';

const [file, lineArg, characterArg] = process.argv.slice(2);
const line = Number(lineArg);
const character = Number(characterArg);
const service = new LanguageService();
let document = StoredDocument.create('file:///floor/doc.polysync.json', 'polysync', 1, readFileSync(file, 'utf8'));
// Like the server: the open document is checked once before the first edit.
service.diagnostics(document);
let edits = 0;

createInterface({ input: process.stdin }).on('line', () => {
  // The same edits as the benchmark sends the servers: insert and delete one character, alternately.
  const change =
    edits++ % 2 === 0
      ? { range: { start: { line, character }, end: { line, character } }, text: 'x' }
      : { range: { start: { line, character }, end: { line, character: character + 1 } }, text: '' };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  document = StoredDocument.update(document, [change], document.version + 1);
  const items = service.diagnostics(document) ?? [];
  const elapsed = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  // Wall time and CPU time (user + system) in milliseconds, and the number of diagnostics.
  process.stdout.write(`${elapsed} ${(cpu.user + cpu.system) / 1000} ${items.length}\n`);
});
