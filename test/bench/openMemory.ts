// The server's memory with the benchmark's 5 MB document open: RSS once it is opened and checked, and
// after a number of one-character edits (inserted and deleted in turn in the `name` value, as the
// benchmark's rounds do), for one or more builds of the server, each in a process of its own. Not part
// of `npm run bench`: a tool for checking that a change to the tree keeps memory where it was.
//
//   node --import tsx test/bench/openMemory.ts [edits, default 600] [server.js ...; default dist/server.js]
import * as os from 'node:os';
import * as path from 'node:path';
import { generateDocument } from './generate';
import { LspClient } from './lspClient';

const ROOT = path.resolve(__dirname, '..', '..');

async function measure(server: string, text: string, edits: number): Promise<string> {
  const uri = 'file:///memory/doc.polysync.json';
  const client = await LspClient.start({ label: server, command: process.execPath, args: [server, '--stdio'] }, { pullDiagnostics: true });
  try {
    client.open(uri, 'polysync', 1, text);
    await client.request('textDocument/diagnostic', { textDocument: { uri } });
    const opened = client.memory();
    const at = text.indexOf('"name": "') + '"name": "'.length + 10;
    const line = text.slice(0, at).split('\n').length - 1;
    const character = at - (text.lastIndexOf('\n', at - 1) + 1);
    for (let i = 0; i < edits; i++) {
      const edit =
        i % 2 === 0
          ? { range: { start: { line, character }, end: { line, character } }, text: 'x' }
          : { range: { start: { line, character }, end: { line, character: character + 1 } }, text: '' };
      client.change(uri, i + 2, [edit]);
      await client.request('textDocument/diagnostic', { textDocument: { uri } });
    }
    const edited = client.memory();
    const mib = (m: { rssMiB: number; peakMiB: number } | undefined) => (m ? `RSS ${m.rssMiB.toFixed(0)} MiB (peak ${m.peakMiB.toFixed(0)})` : 'n/a');
    return `${server}: open and checked ${mib(opened)}; after ${edits} edits ${mib(edited)}`;
  } finally {
    await client.stop();
  }
}

async function main(): Promise<void> {
  const edits = Number(process.argv[2] ?? 600);
  const servers = process.argv.length > 3 ? process.argv.slice(3).map((s) => path.resolve(s)) : [path.join(ROOT, 'dist', 'server.js')];
  const text = generateDocument(5_000_000, { plantError: true });
  console.log(`load average ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}`);
  for (const server of servers) console.log(await measure(server, text, edits));
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
