// The language server's entry in a web worker (VS Code for the Web; dist/web/server.js, built for esbuild's
// browser platform): the LSP connection over the worker's message port (vscode-languageserver/browser), no
// environment (the account comes only from the client, out of the editor's secret storage), no docs on
// disk and no code cache. The server itself is built by startServer (server.ts), as on Node (main.ts).
import { BrowserMessageReader, BrowserMessageWriter, createConnection, ProposedFeatures } from 'vscode-languageserver/browser';
import { startServer } from './server';

/** The worker's global scope, whose messages are the client's (a browser's `self`). */
declare const self: ConstructorParameters<typeof BrowserMessageReader>[0];

startServer(createConnection(ProposedFeatures.all, new BrowserMessageReader(self), new BrowserMessageWriter(self)), {
  env: {},
  startupNote: () => 'in a web worker',
});
