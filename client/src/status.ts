// The status bar item for live account data: online (the organization's name), offline, not signed
// in, or loading. Clicking it refreshes the account data (or asks for a key when there is none).
import * as vscode from 'vscode';
import type { AccountStatusParams } from '../../protocol/messages';
import { COMMANDS } from './commands';

const REFRESH_ACCOUNT_COMMAND = COMMANDS.refreshAccount;
const SET_API_KEY_COMMAND = COMMANDS.setApiKey;

/** The words and icon shown for a status; kept apart from VS Code objects so it reads in one place. */
export function statusBarText(status: AccountStatusParams): { text: string; tooltip: string; command: string; args?: unknown[]; warning: boolean } {
  switch (status.state) {
    case 'online':
      return {
        text: `$(cloud) Polysync: ${status.organizationName ?? status.apiUrl ?? 'online'}`,
        tooltip: `${status.message}\nClick to refresh account data.`,
        command: REFRESH_ACCOUNT_COMMAND,
        warning: false,
      };
    case 'offline':
      return {
        text: '$(warning) Polysync: offline',
        tooltip: `${status.message}\nClick to try again.`,
        command: REFRESH_ACCOUNT_COMMAND,
        warning: true,
      };
    case 'misconfigured':
      return {
        text: '$(warning) Polysync: check settings',
        tooltip: `${status.message}\nClick to open the Polysync settings.`,
        command: COMMANDS.openSettings,
        args: ['polysync'],
        warning: true,
      };
    case 'signed-out':
      return {
        text: '$(account) Polysync: not signed in',
        tooltip: `${status.message}\nClick to set a Polytomic API key.`,
        command: SET_API_KEY_COMMAND,
        warning: false,
      };
    default:
      return {
        text: '$(sync~spin) Polysync: loading',
        tooltip: status.message,
        command: REFRESH_ACCOUNT_COMMAND,
        warning: false,
      };
  }
}

export class AccountStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('polysync.account', vscode.StatusBarAlignment.Right, 100);
  private current: AccountStatusParams = { state: 'loading', message: 'Starting the Polysync language server...' };

  constructor() {
    this.item.name = 'Polysync Account';
    this.render();
    this.item.show();
  }

  get status(): AccountStatusParams {
    return this.current;
  }

  update(status: AccountStatusParams): void {
    this.current = status;
    this.render();
  }

  private render(): void {
    const shown = statusBarText(this.current);
    this.item.text = shown.text;
    this.item.tooltip = shown.tooltip;
    this.item.command = shown.args ? { command: shown.command, title: 'Open Settings', arguments: shown.args } : shown.command;
    this.item.backgroundColor = shown.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
