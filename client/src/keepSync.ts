// Keeping a sync as code in VS Code: Import Bulk Sync (pick one of the account's syncs and, in a multi-root
// workspace, the folder; write its linked file, open it), and on a linked file Show Changes, Update Bulk
// Sync, Run Now and Open in Polytomic. Every request goes to the language server (polysync/listBulkSyncs,
// pullBulkSync, bulkSyncState, bulkSyncExecution, updateBulkSync, runBulkSync), which holds the key from
// SecretStorage; nothing here sees it.
import * as vscode from 'vscode';
import { CancellationTokenSource, type RequestType, State } from 'vscode-languageclient';
import {
  BulkSyncExecutionState,
  BulkSyncState,
  type BulkSyncStateResult,
  type LinkEdit,
  ListBulkSyncs,
  PullBulkSync,
  RunBulkSync,
  type SyncDifference,
  type SyncFailure,
  UpdateBulkSync,
  type UpdatePlan,
} from '../../protocol/messages';
import { COMMANDS } from './commands';
import type { PolysyncContext } from './context';
import { chooseImportFolder } from './importFolder';
import { applyLinkEdit, type LinkWrite } from './linkEdit';

/** The live side of Show Changes: read-only documents served from the last state of each file. */
export const LIVE_SCHEME = 'polysync-live';

/** The state of linked documents is read again at most this often while they stay open and unedited. */
const REFRESH_MS = 5 * 60_000;
/** While an execution runs, its status alone is read after this long, then less and less often. */
const FOLLOW_FIRST_MS = 3_000;
const FOLLOW_MAX_MS = 30_000;

type LinkedState = Extract<BulkSyncStateResult, { kind: 'linked' }>;

export function isPolysyncDocument(doc: vscode.TextDocument): boolean {
  return doc.languageId === 'polysync' || doc.fileName.toLowerCase().endsWith('.polysync.json');
}

function failureMessage(result: SyncFailure): string {
  return result.message;
}

async function ask<P, R>(ctx: PolysyncContext, type: RequestType<P, R, void>, params: P, token?: vscode.CancellationToken): Promise<R> {
  const client = ctx.languageClient;
  if (!client?.isRunning()) throw new Error('the Polysync language server is not running');
  const source = new CancellationTokenSource();
  const subscription = token?.onCancellationRequested(() => source.cancel());
  try {
    return await client.sendRequest(type, params as never, source.token);
  } finally {
    subscription?.dispose();
    source.dispose();
  }
}

function trusted(what: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(`${what} needs a trusted workspace: it reads and changes your Polytomic account.`, 'Manage Workspace Trust').then((picked) => {
    if (picked) void vscode.commands.executeCommand(COMMANDS.manageTrust);
  });
  return false;
}

function describeValue(value: unknown): string {
  return value === undefined ? '(not set)' : JSON.stringify(value);
}

export function describeDifferences(differences: SyncDifference[]): string {
  return differences.map((d) => `${d.path}: ${describeValue(d.live)} → ${describeValue(d.file)}`).join('\n');
}

function describePlan(plan: UpdatePlan): string {
  const lines = [describeDifferences(plan.differences)];
  const steps: string[] = [];
  if (plan.put) steps.push('replace the settings (PUT)');
  const changed = plan.schemas.filter((s) => !s.removed).map((s) => s.id);
  const removed = plan.schemas.filter((s) => s.removed).map((s) => s.id);
  if (changed.length) steps.push(`update schemas ${changed.join(', ')}`);
  if (removed.length) steps.push(`disable schemas ${removed.join(', ')}`);
  if (steps.length) lines.push('', `This will ${steps.join(', then ')}.`);
  if (plan.conflicts.length) lines.push('', `Changed in Polytomic since the file was pulled, and overwritten by this update: ${plan.conflicts.join(', ')}`);
  return lines.join('\n');
}

function when(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  // Short enough that the state lens and its four actions fit on one line of an editor: the year only
  // when it is not this one.
  const thisYear = date.getFullYear() === new Date().getFullYear();
  return date.toLocaleString(undefined, { ...(thisYear ? {} : { year: 'numeric' }), month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
}

/** The state lens's title: last run and its status, next run, and "changed in Polytomic" on drift. */
export function stateTitle(state: LinkedState): string {
  const parts: string[] = [];
  const execution = state.execution;
  if (state.running) parts.push(`$(sync~spin) running${execution?.startedAt ? ` since ${when(execution.startedAt)}` : ''}`);
  else if (execution) parts.push(`Last run ${execution.status}${execution.completedAt || execution.startedAt ? ` ${when(execution.completedAt ?? execution.startedAt)}` : ''}`);
  else parts.push('Never run');
  if (state.nextRun) parts.push(`next ${when(state.nextRun)}`);
  if (state.changedInPolytomic.length > 0 || state.changedUnnamed) parts.push('$(warning) changed in Polytomic');
  else if (state.differences.length > 0) parts.push(`${state.differences.length} local change${state.differences.length === 1 ? '' : 's'}`);
  return parts.join(' · ');
}

/**
 * The last state of each open Polysync document, read on open, on save and at most every REFRESH_MS.
 * While a linked document's sync runs, its execution alone is followed until it ends, so the lens goes
 * from "running" to how the run ended without a save.
 */
export class SyncStates {
  private readonly states = new Map<string, { result: BulkSyncStateResult; at: number }>();
  private readonly following = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly changed = new vscode.EventEmitter<string>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly ctx: PolysyncContext) {}

  get(uri: string): BulkSyncStateResult | undefined {
    return this.states.get(uri)?.result;
  }

  linked(uri: string): LinkedState | undefined {
    const result = this.get(uri);
    return result?.kind === 'linked' ? result : undefined;
  }

  /** Asks the server for the document's state now. Failures are kept as the state (the lens says why). */
  async refresh(doc: vscode.TextDocument): Promise<BulkSyncStateResult | undefined> {
    if (!isPolysyncDocument(doc) || doc.uri.scheme === LIVE_SCHEME || !this.ctx.languageClient?.isRunning()) return undefined;
    const uri = doc.uri.toString();
    let result: BulkSyncStateResult;
    try {
      result = await ask(this.ctx, BulkSyncState, { textDocument: { uri, version: doc.version } });
    } catch (error) {
      this.ctx.output.warn(`Sync state of ${uri}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
    this.states.set(uri, { result, at: Date.now() });
    this.changed.fire(uri);
    if (result.kind === 'linked' && result.running) this.follow(uri, FOLLOW_FIRST_MS);
    return result;
  }

  /** Reads the running execution of `uri`'s sync after `delay`, and again until it has ended. */
  private follow(uri: string, delay: number): void {
    if (this.following.has(uri)) return;
    const timer = setTimeout(() => void this.followOnce(uri, delay), delay);
    this.following.set(uri, timer);
  }

  private async followOnce(uri: string, delay: number): Promise<void> {
    const state = this.linked(uri);
    if (!state?.running || !this.ctx.languageClient?.isRunning()) return void this.following.delete(uri);
    const answer = await ask(this.ctx, BulkSyncExecutionState, { syncId: state.syncId }).catch(() => undefined);
    // Forgotten (closed) meanwhile: nothing to follow. Read again meanwhile: the newer state decides.
    if (!this.following.has(uri)) return;
    this.following.delete(uri);
    const entry = this.states.get(uri);
    if (!entry) return;
    if (entry.result !== state) {
      if (entry.result.kind === 'linked' && entry.result.running) this.follow(uri, FOLLOW_FIRST_MS);
      return;
    }
    if (answer?.kind === 'ok') {
      const { execution: _e, nextRun: _n, ...rest } = state;
      const next: LinkedState = { ...rest, running: answer.running, ...(answer.execution ? { execution: answer.execution } : {}), ...(answer.nextRun ? { nextRun: answer.nextRun } : {}) };
      this.states.set(uri, { result: next, at: entry.at });
      this.changed.fire(uri);
      if (!answer.running) return;
    }
    this.follow(uri, Math.min(Math.round(delay * 1.5), FOLLOW_MAX_MS));
  }

  /**
   * Writes a link edit from Create or Update (see applyLinkEdit) and reads the state again: a save does
   * that by itself, an unsaved document is asked about here, so its lens turns to the sync's at once.
   */
  async writeLink(uri: vscode.Uri, version: number, edit: LinkEdit): Promise<LinkWrite> {
    const written = await applyLinkEdit(uri, version, edit);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (written === 'edited' && doc) void this.refresh(doc);
    return written;
  }

  /** Refreshes an open, unedited document whose state is older than REFRESH_MS. */
  refreshIfStale(doc: vscode.TextDocument): void {
    if (doc.isDirty) return;
    const entry = this.states.get(doc.uri.toString());
    if (!entry || Date.now() - entry.at >= REFRESH_MS) void this.refresh(doc);
  }

  forget(uri: string): void {
    this.states.delete(uri);
    clearTimeout(this.following.get(uri));
    this.following.delete(uri);
  }

  dispose(): void {
    this.following.forEach((timer) => clearTimeout(timer));
    this.following.clear();
    this.changed.dispose();
  }
}

/** The document a lens or another command names (a Uri, or a Uri's string), else the active Polysync one. */
async function targetDocument(arg: unknown): Promise<vscode.TextDocument | undefined> {
  if (arg instanceof vscode.Uri) return vscode.workspace.openTextDocument(arg);
  if (typeof arg === 'string') return vscode.workspace.openTextDocument(vscode.Uri.parse(arg));
  const doc = vscode.window.activeTextEditor?.document;
  return doc && isPolysyncDocument(doc) ? doc : undefined;
}

/** The document's linked state, fresh from the server; shows why when there is none. */
async function linkedState(ctx: PolysyncContext, states: SyncStates, doc: vscode.TextDocument): Promise<LinkedState | undefined> {
  const result = await states.refresh(doc);
  if (!result) {
    void vscode.window.showErrorMessage('The Polysync language server did not answer; see the Polysync output.');
    return undefined;
  }
  if (result.kind === 'linked') return result;
  if (result.kind === 'unlinked') void vscode.window.showWarningMessage('This file is not linked to a bulk sync: create it, or import a sync, first.');
  else void vscode.window.showErrorMessage(failureMessage(result));
  return undefined;
}

export function registerKeepSync(ctx: PolysyncContext): SyncStates {
  const states = new SyncStates(ctx);
  const live = new vscode.EventEmitter<vscode.Uri>();
  const liveUri = (doc: vscode.TextDocument) => vscode.Uri.from({ scheme: LIVE_SCHEME, path: doc.uri.path, query: doc.uri.toString() });

  const importSync = async () => {
    if (!trusted('Import Bulk Sync')) return;
    if (!vscode.workspace.workspaceFolders?.length) {
      void vscode.window.showErrorMessage('Import Bulk Sync writes the sync into a workspace folder, and none is open: open a folder first.');
      return;
    }
    const listed = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Reading bulk syncs…', cancellable: true }, (_p, token) => ask(ctx, ListBulkSyncs, null, token));
    if (listed.kind !== 'ok') {
      void vscode.window.showErrorMessage(`Could not list the bulk syncs: ${failureMessage(listed)}`);
      return;
    }
    if (listed.syncs.length === 0) {
      void vscode.window.showInformationMessage('The account has no bulk syncs to import.');
      return;
    }
    const picked = await vscode.window.showQuickPick(
      listed.syncs.map((s) => ({
        label: s.name,
        description: `${s.sourceConnectionName ?? s.sourceConnectionId} → ${s.destinationConnectionName ?? s.destinationConnectionId}`,
        detail: [s.schedule, s.active === false ? 'inactive' : undefined, s.id].filter(Boolean).join(' · '),
        id: s.id,
      })),
      { title: 'Import Bulk Sync', placeHolder: 'The bulk sync to keep in a file', matchOnDescription: true, matchOnDetail: true },
    );
    if (!picked) return;
    // Asked on every import in a multi-root workspace (nothing is remembered); never with one folder.
    const where = await chooseImportFolder(vscode.workspace.workspaceFolders, (items) =>
      vscode.window.showQuickPick(items, { title: 'Import Bulk Sync', placeHolder: `The workspace folder to write ${picked.label} into` }),
    );
    if (where.kind === 'none') return void vscode.window.showErrorMessage('The workspace has no folder to import into any more: open a folder first.');
    if (where.kind === 'cancelled') return;
    const folder = where.folder;
    const pulled = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Reading ${picked.label}…`, cancellable: true }, (_p, token) => ask(ctx, PullBulkSync, { syncId: picked.id }, token));
    if (pulled.kind !== 'ok') {
      void vscode.window.showErrorMessage(`Could not import ${picked.label}: ${failureMessage(pulled)}`);
      return;
    }
    const target = vscode.Uri.joinPath(folder.uri, pulled.fileName);
    if (await exists(target)) {
      const overwrite = await vscode.window.showWarningMessage(`${pulled.fileName} already exists.`, { modal: true, detail: `Replace it with the bulk sync ${pulled.name}?` }, 'Replace');
      if (overwrite !== 'Replace') return;
    }
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(pulled.text));
    await vscode.window.showTextDocument(target, { preview: false });
    ctx.output.info(`Imported bulk sync ${picked.id} into ${target.toString()}`);
  };

  const showChanges = async (arg?: unknown) => {
    const doc = await targetDocument(arg);
    if (!doc) return void vscode.window.showErrorMessage('Open a linked *.polysync.json file to see its changes.');
    if (!trusted('Show Changes')) return;
    const state = await linkedState(ctx, states, doc);
    if (!state) return;
    const left = liveUri(doc);
    live.fire(left);
    await vscode.commands.executeCommand('vscode.diff', left, doc.uri, `${state.name}: Polytomic ↔ ${vscode.workspace.asRelativePath(doc.uri)}`);
  };

  const update = async (arg?: unknown) => {
    const doc = await targetDocument(arg);
    if (!doc) return void vscode.window.showErrorMessage('Open a linked *.polysync.json file to update its bulk sync.');
    if (!trusted('Update Bulk Sync')) return;
    const textDocument = { uri: doc.uri.toString(), version: doc.version };
    const planned = await ask(ctx, UpdateBulkSync, { textDocument, dryRun: true });
    if (planned.kind === 'up-to-date') return void vscode.window.showInformationMessage('The bulk sync already matches this file.');
    if (planned.kind !== 'planned') return void report(planned);
    const plan = planned.plan;
    const choice = plan.conflicts.length > 0 ? 'Overwrite and Update' : 'Update';
    const paths = plan.differences.map((d) => d.path);
    const named = paths.length > 4 ? `${paths.slice(0, 4).join(', ')} and ${paths.length - 4} more` : paths.join(', ');
    // The conflict goes into the message itself, not only the detail: it is what the answer decides.
    const conflict = plan.conflicts.length > 0 ? ` Changed in Polytomic since the file was pulled: ${plan.conflicts.join(', ')}. Updating overwrites ${plan.conflicts.length === 1 ? 'that change' : 'those changes'}.` : '';
    const answer = await vscode.window.showWarningMessage(`Update bulk sync "${plan.name}" (${plan.syncId}) from this file (${named || 'schema selections'})?${conflict}`, { modal: true, detail: describePlan(plan) }, choice);
    if (answer !== choice) return;
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Updating the bulk sync…', cancellable: true }, (_p, token) =>
      ask(ctx, UpdateBulkSync, { textDocument, force: plan.conflicts.length > 0 }, token),
    );
    if (result.kind === 'updated') {
      if ((await states.writeLink(doc.uri, textDocument.version, result.linkEdit)) === 'changed') {
        void vscode.window.showWarningMessage('The bulk sync was updated, but the file changed meanwhile and its link was not rewritten: run Update again to record it.');
        void states.refresh(doc);
      }
      void vscode.window.showInformationMessage(`Updated bulk sync ${plan.syncId}.`);
      return;
    }
    report(result);
    void states.refresh(doc);
  };

  const report = (result: { kind: string; message?: string; done?: string[]; notDone?: string[]; uncertain?: string[]; plan?: UpdatePlan }) => {
    if (result.kind === 'planned' && result.plan) {
      void vscode.window.showWarningMessage(`Nothing was sent: changed in Polytomic since the file was pulled: ${result.plan.conflicts.join(', ')}.`);
    } else if (result.kind === 'partial') {
      void vscode.window.showErrorMessage(`${result.message} Changed: ${result.done?.join(', ') || 'nothing'}. Not changed: ${result.notDone?.join(', ') || 'nothing'}.${result.uncertain?.length ? ` Unknown: ${result.uncertain.join(', ')}.` : ''}`);
    } else {
      void vscode.window.showErrorMessage(result.message ?? `The bulk sync could not be changed (${result.kind}).`);
    }
  };

  const run = async (arg?: unknown) => {
    const doc = await targetDocument(arg);
    if (!doc) return void vscode.window.showErrorMessage('Open a linked *.polysync.json file to run its bulk sync.');
    if (!trusted('Run Now')) return;
    const result = await ask(ctx, RunBulkSync, { textDocument: { uri: doc.uri.toString(), version: doc.version } });
    if (result.kind === 'started') void vscode.window.showInformationMessage(`Started execution ${result.execution.id} (${result.execution.status}).`);
    else if (result.kind === 'already-running') void vscode.window.showWarningMessage(result.message);
    else void vscode.window.showErrorMessage(failureMessage(result));
    void states.refresh(doc);
  };

  // Answers the address it opened (undefined when none): a command's result reaches executeCommand
  // callers, so other extensions and the tests can see where it went without a browser.
  const openInPolytomic = async (arg?: unknown): Promise<vscode.Uri | undefined> => {
    const doc = await targetDocument(arg);
    if (!doc) return void vscode.window.showErrorMessage('Open a linked *.polysync.json file to open its bulk sync in Polytomic.');
    const state = states.linked(doc.uri.toString()) ?? (await linkedState(ctx, states, doc));
    if (!state) return undefined;
    const target = vscode.Uri.parse(state.appUrl);
    return (await vscode.env.openExternal(target)) ? target : undefined;
  };

  // The client is created after the commands are registered; once its server runs, read the open documents.
  const hookClient = setTimeout(() => {
    const client = ctx.languageClient;
    if (!client) return;
    ctx.extension.subscriptions.push(
      client.onDidChangeState((e) => {
        if (e.newState === State.Running) vscode.workspace.textDocuments.forEach((doc) => void states.refresh(doc));
      }),
    );
    if (client.isRunning()) vscode.workspace.textDocuments.forEach((doc) => void states.refresh(doc));
  }, 0);
  const refreshVisible = () => vscode.window.visibleTextEditors.forEach((e) => isPolysyncDocument(e.document) && states.refreshIfStale(e.document));
  const timer = setInterval(refreshVisible, REFRESH_MS);
  ctx.extension.subscriptions.push(
    states,
    live,
    { dispose: () => (clearInterval(timer), clearTimeout(hookClient)) },
    vscode.workspace.registerTextDocumentContentProvider(LIVE_SCHEME, {
      onDidChange: live.event,
      provideTextDocumentContent: (uri) => states.linked(uri.query)?.liveText ?? '',
    }),
    vscode.commands.registerCommand(COMMANDS.importBulkSync, importSync),
    vscode.commands.registerCommand(COMMANDS.showChanges, showChanges),
    vscode.commands.registerCommand(COMMANDS.updateBulkSync, update),
    vscode.commands.registerCommand(COMMANDS.runBulkSync, run),
    vscode.commands.registerCommand(COMMANDS.openInPolytomic, openInPolytomic),
    vscode.workspace.onDidOpenTextDocument((doc) => void states.refresh(doc)),
    vscode.workspace.onDidSaveTextDocument((doc) => void states.refresh(doc)),
    vscode.workspace.onDidCloseTextDocument((doc) => states.forget(doc.uri.toString())),
    vscode.window.onDidChangeActiveTextEditor((editor) => editor && isPolysyncDocument(editor.document) && states.refreshIfStale(editor.document)),
  );
  return states;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
