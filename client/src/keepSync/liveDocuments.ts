// The live side of Show Changes: read-only documents (scheme polysync-live:) served from the last state of
// each linked file (its liveText: the file's own text with the live values where they differ), so a diff
// editor shows the sync as Polytomic holds it against the file. Each time a file's state is read again
// (on save, after Update), its live side is read again too.
import * as vscode from 'vscode';
import { LIVE_SCHEME } from '../commands';
import type { SyncStates } from './states';

function liveUri(uri: vscode.Uri): vscode.Uri {
  return vscode.Uri.from({ scheme: LIVE_SCHEME, path: uri.path, query: uri.toString() });
}

export class LiveDocuments implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly registrations: vscode.Disposable[];

  constructor(states: SyncStates) {
    this.registrations = [
      vscode.workspace.registerTextDocumentContentProvider(LIVE_SCHEME, {
        onDidChange: this.changed.event,
        provideTextDocumentContent: (uri) => states.linked(uri.query)?.liveText ?? '',
      }),
      states.onDidChange((uri) => this.changed.fire(liveUri(vscode.Uri.parse(uri)))),
    ];
  }

  /** The live side of the document at `uri`, told to read its text again (the state was just read). */
  fresh(uri: vscode.Uri): vscode.Uri {
    const live = liveUri(uri);
    this.changed.fire(live);
    return live;
  }

  dispose(): void {
    this.registrations.forEach((r) => r.dispose());
    this.changed.dispose();
  }
}
