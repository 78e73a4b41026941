// The language server's entry on Node: the command line (--stdio, --node-ipc, --socket=PORT: the
// transport flags of vscode-languageserver; --version, --help), the connection, and what the server may
// know of this host (the environment, the shipped docs, the code cache). The server itself is
// built by startServer (server.ts), which needs none of these.
import { Console } from 'node:console';
// The library as a module object, not a copy of it: see server.ts.
import lsp = require('vscode-languageserver/node');
import { earlyInitializeAnswer } from '../boot/handover';
import { codeCacheReport, describeCodeCache } from '../boot/report';
import { VERSION } from '../version';
import { diskConfigHost } from './diskConfig';
import { FramedMessageReader } from './framedReader';
import { IpcWriterAfterEarlyAnswer, OneWriteMessageWriter } from './oneWrite';
import { shippedDocsUrl } from './shippedDocs';
import { startServer } from './server';

const argv = process.argv.slice(2);
if (argv.includes('--version')) {
  process.stdout.write(`polysync-language-server ${VERSION}\n`);
  process.exit(0);
}
if (argv.includes('--help') || !argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe') || a.startsWith('--clientProcessId'))) {
  process.stdout.write(
    [
      `polysync-language-server ${VERSION}: the Polysync language server for *.polysync.json files.`,
      '',
      'Usage: polysync-language-server --stdio      (speak LSP over standard input and output)',
      '       polysync-language-server --node-ipc   (when started by a Node-based client)',
      '',
    ].join('\n'),
  );
  process.exit(argv.includes('--help') ? 0 : 2);
}

/**
 * Over --stdio the input is read by FramedMessageReader (each message handed over as it arrives) and the
 * output written by OneWriteMessageWriter (one write per message, straight to the descriptor while the
 * stream holds nothing back). Given a reader instead of a stream, the library no longer ends the process
 * when the input ends, so this does, as the library would: exit code 0 after a `shutdown` request, 1
 * before. Given these, the library no longer sends `console` output to the client's log, so
 * `console` writes to standard error here: nothing but messages may reach standard output. Over
 * --node-ipc (how VS Code starts it) the reader and writer are the library's own for Node's IPC channel,
 * as the library would make them from the command line. The launcher may have answered `initialize`
 * already, over either (boot/earlyInitialize.ts): the writer then drops the server's own answer.
 */
function connect() {
  const early = earlyInitializeAnswer();
  const alreadyAnswered = early && { early, mismatch: (line: string) => console.error(line) };
  if (argv.includes('--node-ipc') && process.send) {
    return lsp.createConnection(lsp.ProposedFeatures.all, new lsp.IPCMessageReader(process), new IpcWriterAfterEarlyAnswer(process, alreadyAnswered));
  }
  if (!argv.includes('--stdio')) return lsp.createConnection(lsp.ProposedFeatures.all);
  globalThis.console = new Console({ stdout: process.stderr, stderr: process.stderr });
  const reader = new FramedMessageReader(process.stdin);
  const inputEnded = () => process.exit(reader.shutdownRequested ? 0 : 1);
  process.stdin.on('end', inputEnded);
  process.stdin.on('close', inputEnded);
  const writer = new OneWriteMessageWriter(process.stdout, alreadyAnswered, process.stdout.fd);
  return lsp.createConnection(lsp.ProposedFeatures.all, reader, writer);
}

startServer(connect(), {
  env: process.env,
  shippedDocsUrl,
  startupNote: () => `${describeCodeCache(codeCacheReport())}${earlyInitializeAnswer() ? '; initialize answered by the launcher' : ''}`,
  configHost: diskConfigHost(),
});
