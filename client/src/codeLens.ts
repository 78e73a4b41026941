// The code lens above the first line of a polysync document. An unlinked file: "Create Bulk Sync". A
// linked file (Create links the file it created from, Import writes linked files): the sync's state (last
// and next run, "changed in Polytomic" on drift) and Show Changes, Update Bulk Sync, Run Now, Open in
// Polytomic, updated whenever the state is read again (client/src/keepSync/states.ts).
import * as vscode from 'vscode';
import type { PolysyncContext } from './context';
import { COMMANDS, DOCUMENT_SELECTOR, LIVE_SCHEME } from './commands';
import { stateTitle } from './keepSync/describe';
import type { SyncStates } from './keepSync/states';

export function registerCreateCodeLens(ctx: PolysyncContext, states: SyncStates): void {
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: changed.event,
    provideCodeLenses(document) {
      // The live side of Show Changes is read-only: nothing to create or run from it.
      if (document.uri.scheme === LIVE_SCHEME) return [];
      const top = new vscode.Range(0, 0, 0, 0);
      const args = [document.uri];
      const state = states.get(document.uri.toString());
      if (state?.kind === 'linked') {
        const drifted = state.changedInPolytomic.length > 0 || state.changedUnnamed;
        const tooltip = drifted
          ? `Changed in Polytomic since this file was pulled: ${state.changedInPolytomic.join(', ') || 'fields not recorded'}`
          : `Bulk sync ${state.syncId}${state.execution?.message ? `: ${state.execution.message}` : ''}`;
        return [
          new vscode.CodeLens(top, { title: stateTitle(state), command: COMMANDS.showChanges, arguments: args, tooltip }),
          new vscode.CodeLens(top, { title: 'Show Changes', command: COMMANDS.showChanges, arguments: args, tooltip: 'Compare the live bulk sync with this file' }),
          new vscode.CodeLens(top, { title: 'Update Bulk Sync', command: COMMANDS.updateBulkSync, arguments: args, tooltip: 'Send this file to Polytomic, after showing the plan' }),
          new vscode.CodeLens(top, { title: 'Run Now', command: COMMANDS.runBulkSync, arguments: args, tooltip: 'Start an execution of this bulk sync' }),
          new vscode.CodeLens(top, { title: 'Open in Polytomic', command: COMMANDS.openInPolytomic, arguments: args, tooltip: state.appUrl }),
        ];
      }
      if (state && state.kind !== 'unlinked' && !(state.kind === 'blocked' && state.reason === 'unlinked')) {
        // Linked, but the sync could not be read (signed out, 404, settings): say why, keep the actions that can help.
        return [new vscode.CodeLens(top, { title: `$(warning) ${state.message}`, command: COMMANDS.showChanges, arguments: args, tooltip: state.message })];
      }
      return [new vscode.CodeLens(top, { title: 'Create Bulk Sync', command: COMMANDS.createBulkSync, arguments: args, tooltip: 'Create this bulk sync in Polytomic' })];
    },
  };
  ctx.extension.subscriptions.push(
    changed,
    states.onDidChange(() => changed.fire()),
    vscode.languages.registerCodeLensProvider(DOCUMENT_SELECTOR, provider),
  );
}
