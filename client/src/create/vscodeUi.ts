// The Create flow's Ui over the real VS Code window.
import * as vscode from 'vscode';
import { API_DIAGNOSTICS, type PolysyncContext } from '../context';
import type { SyncStates } from '../keepSync';
import type { FieldDiagnostic, Ui, UiAction } from './ui';

/** Shows a notification and runs the action picked, without making the caller wait for the pick. */
function notify(show: (message: string, ...items: string[]) => Thenable<string | undefined>, message: string, actions: UiAction[] = []): void {
  void show(message, ...actions.map((a) => a.title)).then((picked) => actions.find((a) => a.title === picked)?.run());
}

export function vscodeUi(ctx: PolysyncContext, states: SyncStates): Ui {
  return {
    showError: (message, actions) => {
      ctx.output.error(message);
      notify((m, ...items) => vscode.window.showErrorMessage(m, ...items), message, actions);
    },
    showWarning: (message, actions) => {
      ctx.output.warn(message);
      notify((m, ...items) => vscode.window.showWarningMessage(m, ...items), message, actions);
    },
    showInfo: (message, actions) => {
      ctx.output.info(message);
      notify((m, ...items) => vscode.window.showInformationMessage(m, ...items), message, actions);
    },
    ask: async (message, detail, choices) => vscode.window.showWarningMessage(message, { modal: true, detail }, ...choices),
    withProgress: async (title, task) =>
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => {
        const controller = new AbortController();
        const subscription = token.onCancellationRequested(() => controller.abort());
        return task(controller.signal).finally(() => subscription.dispose());
      }),
    copyToClipboard: async (text) => {
      await vscode.env.clipboard.writeText(text);
    },
    executeCommand: (command, ...args) => Promise.resolve(vscode.commands.executeCommand(command, ...args)),
    setFieldDiagnostics: (uri, version, diagnostics) => {
      const target = vscode.Uri.parse(uri);
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
      // Edited while the request ran: the ranges describe text that is gone.
      if (open && open.version !== version) return;
      ctx.apiDiagnostics.set(target, diagnostics.map(toDiagnostic));
    },
    clearFieldDiagnostics: (uri) => ctx.apiDiagnostics.delete(vscode.Uri.parse(uri)),
    writeLink: async (uri, version, edit) => (await states.writeLink(vscode.Uri.parse(uri), version, edit)) !== 'changed',
  };
}

function toDiagnostic(field: FieldDiagnostic): vscode.Diagnostic {
  const { start, end } = field.range;
  const diagnostic = new vscode.Diagnostic(
    new vscode.Range(start.line, start.character, end.line, end.character),
    field.message,
    vscode.DiagnosticSeverity.Error,
  );
  diagnostic.source = API_DIAGNOSTICS;
  return diagnostic;
}
