// The language status item for Polysync documents (the `{}` next to the language mode in the status bar,
// shown only while a Polysync document is in the editor): the account (the organization's name,
// offline, not signed in, check settings, loading), the API version and the server's version, and the
// action the state calls for, whose tooltip says why. The words and actions are in statusView.ts.
import * as vscode from 'vscode';
import type { AccountStatusParams } from '../../protocol/messages';
import { DOCUMENT_SELECTOR } from './commands';
import { readApiSettings } from './settings';
import { type ServerState, type StatusSeverity, statusView } from './statusView';

const SEVERITY: Record<StatusSeverity, vscode.LanguageStatusSeverity> = {
  information: vscode.LanguageStatusSeverity.Information,
  warning: vscode.LanguageStatusSeverity.Warning,
  error: vscode.LanguageStatusSeverity.Error,
};

export class AccountStatusItem implements vscode.Disposable {
  private readonly item = vscode.languages.createLanguageStatusItem('polysync.account', DOCUMENT_SELECTOR);
  private readonly subscriptions: vscode.Disposable[] = [];
  private account: AccountStatusParams = { state: 'loading', message: 'Starting the Polysync language server...' };
  private server: ServerState = 'starting';
  private serverVersion: string | undefined;

  constructor() {
    this.item.name = 'Polysync Account';
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('polysync.apiVersion')) this.render();
      }),
    );
    this.render();
  }

  get status(): AccountStatusParams {
    return this.account;
  }

  update(status: AccountStatusParams): void {
    this.account = status;
    this.render();
  }

  /** The language client's state; `version` is the running server's serverInfo.version. */
  setServer(state: ServerState, version?: string): void {
    this.server = state;
    if (state === 'running') this.serverVersion = version;
    this.render();
  }

  private render(): void {
    const view = statusView({ account: this.account, server: this.server, apiVersion: readApiSettings().apiVersion, serverVersion: this.serverVersion });
    this.item.text = view.text;
    this.item.detail = view.detail;
    this.item.severity = SEVERITY[view.severity];
    this.item.busy = view.busy;
    this.item.command = { title: view.action.title, command: view.action.command, arguments: view.action.args, tooltip: view.reason };
    this.item.accessibilityInformation = { label: view.accessibleLabel };
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
