// What the language server runs on in a web worker (VS Code for the Web; dist/web/server.js), in place of
// host.ts: the LSP connection over the worker's message port (vscode-languageserver/browser), no process
// environment (the account comes only from the client, out of the editor's secret storage), no docs on
// disk, and no code cache.
import { BrowserMessageReader, BrowserMessageWriter, createConnection, ProposedFeatures } from 'vscode-languageserver/browser';

declare const self: ConstructorParameters<typeof BrowserMessageReader>[0];

export const host = {
  connection: createConnection(ProposedFeatures.all, new BrowserMessageReader(self), new BrowserMessageWriter(self)),
  env: {} as Record<string, string | undefined>,
  docsUrl: (): string | undefined => undefined,
  // A worker has no setImmediate; a zero timeout lets queued messages in just the same.
  yieldToEventLoop: () => new Promise<void>((resolve) => setTimeout(resolve, 0)),
  startupNote: () => 'in a web worker',
};
