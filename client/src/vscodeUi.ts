// The flows' Ui (client/src/ui.ts) over the real VS Code window.
import * as vscode from 'vscode';
import { API_DIAGNOSTICS, type PolysyncContext } from './context';
import type { LiveDocuments } from './keepSync/liveDocuments';
import type { SyncStates } from './keepSync/states';
import { applyLinkEdit } from './linkEdit';
import type { FieldDiagnostic, FlowDocument, Ui, UiAction, UiFolder } from './ui';

/** Shows a notification and runs the action picked, without making the caller wait for the pick. */
function notify(show: (message: string, ...items: string[]) => Thenable<string | undefined>, message: string, actions: UiAction[] = []): void {
  void show(message, ...actions.map((a) => a.title)).then((picked) => actions.find((a) => a.title === picked)?.run());
}

export function flowDocument(doc: vscode.TextDocument): FlowDocument {
  return { uri: doc.uri.toString(), fileName: doc.fileName, version: doc.version };
}

const openDocument = (uri: string) => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);

export function vscodeUi(ctx: PolysyncContext, states: SyncStates, live: LiveDocuments): Ui {
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
    pick: async (items, options) => vscode.window.showQuickPick(items, { ...options, matchOnDescription: options.matchOnDetail }),
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
    workspaceFolders: () => vscode.workspace.workspaceFolders ?? [],
    fileIn: (folder: UiFolder, name) => vscode.Uri.joinPath(vscode.Uri.parse(folder.uri.toString()), name).toString(),
    openDocument: (uri) => {
      const doc = openDocument(uri);
      return doc && flowDocument(doc);
    },
    relativePath: (uri) => vscode.workspace.asRelativePath(vscode.Uri.parse(uri)),
    fileExists: async (uri) => {
      try {
        await vscode.workspace.fs.stat(vscode.Uri.parse(uri));
        return true;
      } catch {
        return false;
      }
    },
    workspaceSyncFiles: async () => {
      const found = await vscode.workspace.findFiles('**/*.polysync.json', '**/node_modules/**');
      const files = await Promise.all(
        found.map(async (uri) => {
          const open = openDocument(uri.toString());
          if (open) return { uri: uri.toString(), text: open.getText() };
          try {
            return { uri: uri.toString(), text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)) };
          } catch {
            return undefined; // gone since it was found
          }
        }),
      );
      return files.filter((f): f is { uri: string; text: string } => f !== undefined);
    },
    writeFile: async (uri, text) => {
      await vscode.workspace.fs.writeFile(vscode.Uri.parse(uri), new TextEncoder().encode(text));
    },
    showDocument: async (uri) => {
      await vscode.window.showTextDocument(vscode.Uri.parse(uri), { preview: false });
    },
    showLiveDiff: async (uri, title) => {
      const file = vscode.Uri.parse(uri);
      await vscode.commands.executeCommand('vscode.diff', live.fresh(file), file, title);
    },
    openExternal: async (url) => vscode.env.openExternal(vscode.Uri.parse(url)),
    setFieldDiagnostics: (uri, version, diagnostics) => {
      // Edited while the request ran: the ranges describe text that is gone.
      const open = openDocument(uri);
      if (open && open.version !== version) return;
      ctx.apiDiagnostics.set(vscode.Uri.parse(uri), diagnostics.map(toDiagnostic));
    },
    clearFieldDiagnostics: (uri) => ctx.apiDiagnostics.delete(vscode.Uri.parse(uri)),
    writeLink: async (uri, version, edit) => {
      const written = await applyLinkEdit(vscode.Uri.parse(uri), version, edit);
      // A save reads the state again by itself; an unsaved document is asked about here, so its lens
      // turns to the sync's at once.
      const doc = openDocument(uri);
      if (written === 'edited' && doc) void states.refresh(flowDocument(doc));
      return written;
    },
    log: (message) => ctx.output.info(message),
  };
}

function toDiagnostic(field: FieldDiagnostic): vscode.Diagnostic {
  const { start, end } = field.range;
  const diagnostic = new vscode.Diagnostic(new vscode.Range(start.line, start.character, end.line, end.character), field.message, vscode.DiagnosticSeverity.Error);
  diagnostic.source = API_DIAGNOSTICS;
  return diagnostic;
}
