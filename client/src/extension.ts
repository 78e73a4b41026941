// The desktop extension (manifest `main`): the language server runs as a Node process over IPC, and the
// workspace check task runs the bundled CLI. Everything else is shared with the web extension (activate.ts).
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { LanguageClient, type ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { activatePolysync, CLIENT_ID, CLIENT_NAME } from './activate';
import { registerTasks } from './tasks';
import { registerTerminalEnvironment } from './terminal';

let stop: (() => Promise<void>) | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  stop = await activatePolysync(context, {
    createClient: (clientOptions) => {
      const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
      // The server keeps its V8 code cache in the extension's own storage, which VS Code removes with it.
      const env = { POLYSYNC_CACHE_DIR: path.join(context.globalStorageUri.fsPath, 'code-cache') };
      const serverOptions: ServerOptions = {
        run: { module: serverModule, transport: TransportKind.ipc, options: { env } },
        debug: { module: serverModule, transport: TransportKind.ipc, options: { env, execArgv: ['--nolazy', '--inspect=6019'] } },
      };
      return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
    },
    registerHostFeatures: (extension, ctx) => {
      registerTasks(extension);
      // The bundled CLI on PATH in the integrated terminals, with the API URL and key (Node only).
      registerTerminalEnvironment(ctx);
    },
  });
}

export async function deactivate(): Promise<void> {
  await stop?.();
  stop = undefined;
}
