// What the Create flow needs from the editor, as plain types, so the flow runs (and is tested)
// without VS Code. client/src/create/vscodeUi.ts is the one implementation over the real editor.
import type { CreateFieldProblem, LinkEdit } from '../../../protocol/messages';

export { COMMANDS } from '../commands';

/** A button on a notification; `run` is called only if the user picks it. */
export interface UiAction {
  title: string;
  run(): unknown;
}

/** A problem the API reported on one field, placed on the text that was sent. */
export type FieldDiagnostic = CreateFieldProblem;

export interface Ui {
  showError(message: string, actions?: UiAction[]): void;
  showWarning(message: string, actions?: UiAction[]): void;
  showInfo(message: string, actions?: UiAction[]): void;
  /** A modal question; resolves with the chosen label, or undefined when dismissed. */
  ask(message: string, detail: string | undefined, choices: string[]): Promise<string | undefined>;
  /** Runs `task` under a cancellable progress notification; cancelling aborts `signal`. */
  withProgress<T>(title: string, task: (signal: AbortSignal) => Promise<T>): Promise<T>;
  copyToClipboard(text: string): Promise<void>;
  executeCommand(command: string, ...args: unknown[]): Promise<unknown>;
  /**
   * Shows the API's field problems on the document. `version` is the document version that was
   * sent: if the document changed since, the ranges no longer fit and nothing is shown.
   */
  setFieldDiagnostics(uri: string, version: number, diagnostics: FieldDiagnostic[]): void;
  clearFieldDiagnostics(uri: string): void;
  /**
   * Writes the link to a created sync into the document, if it is still at `version` (the edit was made
   * for that text); a document that was saved before is saved again. False when it was not written.
   */
  writeLink(uri: string, version: number, edit: LinkEdit): Promise<boolean>;
}
