// The live side of Show Changes: read-only documents (scheme polysync-live:) served from the last state of
// each linked file, so a diff editor shows the sync as Polytomic holds it against the file.
import * as vscode from 'vscode';
import { LIVE_SCHEME } from '../commands';
import type { SyncStates } from './states';

export class LiveDocuments implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly registration: vscode.Disposable;

  constructor(states: SyncStates) {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(LIVE_SCHEME, {
      onDidChange: this.changed.event,
      provideTextDocumentContent: (uri) => states.linked(uri.query)?.liveText ?? '',
    });
  }

  /** The live side of the document at `uri`, told to read its text again (the state was just read). */
  fresh(uri: vscode.Uri): vscode.Uri {
    const live = vscode.Uri.from({ scheme: LIVE_SCHEME, path: uri.path, query: uri.toString() });
    this.changed.fire(live);
    return live;
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
