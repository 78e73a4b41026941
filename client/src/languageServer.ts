// The language client as every command and provider reaches it: created after the commands are registered
// (so they work, and say why, when the server cannot start), attached here once it exists. Listeners for
// "the server is running" may subscribe before that; each start, restart included, reaches them.
import * as vscode from 'vscode';
import { CancellationTokenSource, type LanguageClient, State } from 'vscode-languageclient/node';
import { requestHelper, type SendRequest } from './request';

export class LanguageServer implements vscode.Disposable {
  private current: LanguageClient | undefined;
  private readonly running = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[] = [this.running];
  /** Fires each time the server is running: its first start, and after every restart. */
  readonly onDidStart = this.running.event;
  /** Typed requests to the server (protocol/messages.ts), cancellable, failures translated (request.ts). */
  readonly request: SendRequest;

  constructor() {
    this.request = requestHelper({
      isRunning: () => this.isRunning(),
      send: async (method, params, signal) => {
        const client = this.current!;
        const source = new CancellationTokenSource();
        const abort = () => source.cancel();
        signal?.addEventListener('abort', abort, { once: true });
        try {
          return await client.sendRequest(method, params, source.token);
        } finally {
          signal?.removeEventListener('abort', abort);
          source.dispose();
        }
      },
    });
  }

  /** The client, once created; undefined before (or when it could not be created). */
  get client(): LanguageClient | undefined {
    return this.current;
  }

  /** Call once, before the client starts, so no start is missed. */
  attach(client: LanguageClient): void {
    this.current = client;
    this.subscriptions.push(
      client.onDidChangeState(({ newState }) => {
        if (newState === State.Running) this.running.fire();
      }),
    );
  }

  isRunning(): boolean {
    return this.current?.isRunning() ?? false;
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
  }
}
