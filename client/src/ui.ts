// What the command flows need from the editor, as plain types, so every flow (Create, Import, Show Changes,
// Update, Run Now, Open in Polytomic) runs, and is tested, without VS Code. client/src/vscodeUi.ts is the
// one implementation over the real editor; test/unit/client-flow-harness.ts records one for the tests.
import type { CreateFieldProblem, LinkEdit } from '../../protocol/messages';
import type { WorkspaceSyncFile } from './keepSync/linkedFiles';

/** A button on a notification; `run` is called only if the user picks it. */
export interface UiAction {
  title: string;
  run(): unknown;
}

/** A problem the API reported on one field, placed on the text that was sent. */
export type FieldDiagnostic = CreateFieldProblem;

/** One row of a picker. */
export interface PickItem {
  label: string;
  description?: string;
  detail?: string;
}

/** A workspace folder, as a flow may write into it. `uri` is the folder's URI as a string. */
export interface UiFolder {
  readonly name: string;
  readonly index: number;
  readonly uri: { readonly fsPath: string; toString(): string };
}

/** The document a command runs on, as the editor holds it (the language server has the same version). */
export interface FlowDocument {
  uri: string;
  fileName: string;
  version: number;
}

/** `saved`: written and saved; `edited`: written, left unsaved like the user's other edits; `changed`: not written. */
export type LinkWrite = 'saved' | 'edited' | 'changed';

export interface Ui {
  showError(message: string, actions?: UiAction[]): void;
  showWarning(message: string, actions?: UiAction[]): void;
  showInfo(message: string, actions?: UiAction[]): void;
  /** A modal question; resolves with the chosen label, or undefined when dismissed. */
  ask(message: string, detail: string | undefined, choices: string[]): Promise<string | undefined>;
  /** A picker over `items`; resolves with the picked one, or undefined when dismissed. */
  pick<T extends PickItem>(items: T[], options: { title: string; placeHolder: string; matchOnDetail?: boolean }): Promise<T | undefined>;
  /** Runs `task` under a cancellable progress notification; cancelling aborts `signal`. */
  withProgress<T>(title: string, task: (signal: AbortSignal) => Promise<T>): Promise<T>;
  copyToClipboard(text: string): Promise<void>;
  executeCommand(command: string, ...args: unknown[]): Promise<unknown>;
  /** The open workspace's folders, in its order (none when no folder is open). */
  workspaceFolders(): readonly UiFolder[];
  /** The URI of `name` inside `folder`. */
  fileIn(folder: UiFolder, name: string): string;
  /** The document as it is open now (its current version), or undefined when it is not open. */
  openDocument(uri: string): FlowDocument | undefined;
  /** How a document is named to the user: its path relative to the workspace. */
  relativePath(uri: string): string;
  fileExists(uri: string): Promise<boolean>;
  /** The workspace's `*.polysync.json` files with their text now (an open document's, saved or not). */
  workspaceSyncFiles(): Promise<WorkspaceSyncFile[]>;
  writeFile(uri: string, text: string): Promise<void>;
  /** Opens the file in an editor, as a kept (not preview) tab. */
  showDocument(uri: string): Promise<void>;
  /** Opens a diff editor: the document's sync as Polytomic holds it (left) against the document (right). */
  showLiveDiff(uri: string, title: string): Promise<void>;
  /** Opens an address outside the editor (a browser); false when it was not opened. */
  openExternal(url: string): Promise<boolean>;
  /**
   * Shows the API's field problems on the document. `version` is the document version that was
   * sent: if the document changed since, the ranges no longer fit and nothing is shown.
   */
  setFieldDiagnostics(uri: string, version: number, diagnostics: FieldDiagnostic[]): void;
  clearFieldDiagnostics(uri: string): void;
  /**
   * Writes a sync's link into the document, if it is still at `version` (the edit was made for that text);
   * a document that was saved before is saved again.
   */
  writeLink(uri: string, version: number, edit: LinkEdit): Promise<LinkWrite>;
  /** A line in the Polysync output (never shown as a notification). */
  log(message: string): void;
}
