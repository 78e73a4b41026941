// What the Polysync language status item says for each account state and language server state: the
// words, the severity, whether it spins, and the action it offers. Kept apart from VS Code objects
// (no `vscode` import) so it reads in one place and is tested without an editor.
import type { AccountStatusParams } from '../../protocol/messages';
import { COMMANDS } from './commands';

/** The language server as the client sees it: `stopped` after a crash it gave up on, or while restarting. */
export type ServerState = 'starting' | 'running' | 'stopped';

/** Mirrors vscode.LanguageStatusSeverity (Information 0, Warning 1, Error 2). */
export type StatusSeverity = 'information' | 'warning' | 'error';

export interface StatusAction {
  title: string;
  command: string;
  args?: unknown[];
}

export interface StatusView {
  /** The item's text, with a codicon; the words match what the status bar item used to show. */
  text: string;
  /** The API version in use and the server's version: short, as the hover puts it and the action on one line. */
  detail: string;
  /** Why: the account's (or the server's) state in a sentence; the tooltip of the item's action. */
  reason: string;
  severity: StatusSeverity;
  busy: boolean;
  /** The one command the item offers: what this state calls for. */
  action: StatusAction;
  /** Text and detail without icons or link syntax, for screen readers. */
  accessibleLabel: string;
}

export interface StatusInputs {
  account: AccountStatusParams;
  server: ServerState;
  /** polysync.apiVersion as the server is told it. */
  apiVersion: string;
  /** From the server's initialize result (serverInfo.version); undefined before it answered. */
  serverVersion?: string;
}

const REFRESH: StatusAction = { title: 'Refresh Account Data', command: COMMANDS.refreshAccount };
const SET_KEY: StatusAction = { title: 'Set API Key', command: COMMANDS.setApiKey };
const OPEN_SETTINGS: StatusAction = { title: 'Open Settings', command: COMMANDS.openSettings, args: ['polysync'] };
const SHOW_OUTPUT: StatusAction = { title: 'Show Output', command: COMMANDS.showOutput };
const RESTART: StatusAction = { title: 'Restart Language Server', command: COMMANDS.restartServer };

export function statusView({ account, server, apiVersion, serverVersion }: StatusInputs): StatusView {
  // Short: the hover puts the detail and the action on one line, and a long detail clips the action.
  // The output stays one click away (the action's tooltip, the Show Output command).
  const versions = `API ${apiVersion} · server ${serverVersion ?? (server === 'starting' ? 'starting' : 'not running')}`;
  const shown = server === 'running' ? accountView(account) : serverView(server);
  const reason = sentence(shown.reason);
  return {
    ...shown,
    reason,
    detail: versions,
    accessibleLabel: `${sentence(shown.text.replace(/\$\([^)]*\)\s*/g, ''))} ${reason} ${versions}.`,
  };
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

type Shown = Omit<StatusView, 'detail' | 'accessibleLabel'>;

function accountView(account: AccountStatusParams): Shown {
  switch (account.state) {
    case 'online':
      return {
        text: `$(cloud) Polysync: ${account.organizationName ?? account.apiUrl ?? 'online'}`,
        reason: account.message,
        severity: 'information',
        busy: false,
        action: REFRESH,
      };
    case 'offline':
      return { text: '$(warning) Polysync: offline', reason: account.message, severity: 'warning', busy: false, action: REFRESH };
    case 'misconfigured':
      return { text: '$(warning) Polysync: check settings', reason: account.message, severity: 'warning', busy: false, action: OPEN_SETTINGS };
    case 'signed-out':
      // The account a workspace names: the key is asked for its URL, not for the user's.
      return { text: '$(account) Polysync: not signed in', reason: account.message, severity: 'information', busy: false, action: account.workspace && account.apiUrl ? { ...SET_KEY, args: [account.apiUrl] } : SET_KEY };
    default:
      // `busy` draws the spinner next to the words.
      return { text: 'Polysync: loading', reason: account.message, severity: 'information', busy: true, action: SHOW_OUTPUT };
  }
}

function serverView(server: Exclude<ServerState, 'running'>): Shown {
  if (server === 'starting') {
    return { text: 'Polysync: loading', reason: 'Starting the Polysync language server...', severity: 'information', busy: true, action: SHOW_OUTPUT };
  }
  return {
    text: '$(error) Polysync: language server stopped',
    reason: 'The Polysync language server is not running: no checks, completion or Create. The output says why.',
    severity: 'error',
    busy: false,
    action: RESTART,
  };
}
