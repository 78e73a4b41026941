// The web extension (manifest `browser`; VS Code for the Web, vscode.dev, github.dev): the language server
// runs in a Worker made from dist/web/server.js. Everything else is shared with the desktop (activate.ts).
import * as vscode from 'vscode';
import { BrowserMessageReader, BrowserMessageWriter, LanguageClient } from 'vscode-languageclient/browser';
import { activatePolysync, CLIENT_ID, CLIENT_NAME } from './activate';

// The web extension host's Worker; the project compiles without the DOM library.
declare const Worker: new (url: string) => WebWorker;
type WebWorker = { terminate(): void };
declare const Blob: new (parts: Uint8Array[], options: { type: string }) => object;
declare const URL: { createObjectURL(blob: object): string; revokeObjectURL(url: string): void };

let stop: (() => Promise<void>) | undefined;
/** The worker of the server now running: ended when a restart makes the next one, and on deactivation. */
let current: WebWorker | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  stop = await activatePolysync(context, {
    // A new worker for every start, Restart Language Server included. Its message port is handed over as
    // reader and writer: the host's Worker is its own wrapper, which the client's `instanceof Worker` misses.
    createClient: (clientOptions, output) =>
      new LanguageClient(
        CLIENT_ID,
        CLIENT_NAME,
        async () => {
          const worker = await serverWorker(context, output);
          return { reader: new BrowserMessageReader(worker as never), writer: new BrowserMessageWriter(worker as never) };
        },
        clientOptions,
      ),
  });
}

export async function deactivate(): Promise<void> {
  await stop?.();
  stop = undefined;
  current?.terminate();
  current = undefined;
}

/**
 * A Worker running the server bundle: from the extension's own URI where the host allows it (vscode.dev
 * and github.dev serve extensions over https), else from a Blob URL of the bundle read through
 * workspace.fs (hosts that serve extensions through a remote, such as code-server, refuse the first).
 */
async function serverWorker(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): Promise<WebWorker> {
  current?.terminate();
  current = await newServerWorker(context, output);
  return current;
}

async function newServerWorker(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): Promise<WebWorker> {
  const bundle = vscode.Uri.joinPath(context.extensionUri, 'dist', 'web', 'server.js');
  try {
    return new Worker(bundle.toString(true));
  } catch (error) {
    output.info(`The language server worker cannot load from ${bundle.scheme}: (${error instanceof Error ? error.message : String(error)}); loading it from a copy of the bundle.`);
  }
  const bytes = await vscode.workspace.fs.readFile(bundle);
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/javascript' }));
  const worker = new Worker(url);
  // The worker has read the script once it runs; the URL is not needed after that.
  context.subscriptions.push({ dispose: () => URL.revokeObjectURL(url) });
  return worker;
}
