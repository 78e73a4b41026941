// "Polysync: Create Bulk Sync" on the editor side: only the decisions that need a person. The language
// server checks the document (with the account data the Problems view shows), holds the key and sends the
// request; this flow asks it to check first (a dry run), then asks the user what needs asking (another
// API URL, warnings), then has it send. A file linked to a sync is refused (Update is its action). The
// only change to the document is the one Create exists for: the new sync's "polysync" link.
import { CreateBulkSync, type CreateBulkSyncResult, type CreateProblem } from '../../../protocol/messages';
import { type CredentialsSetting, sameBaseUrl } from '../../../protocol/settings';
import type { ApiSettings } from './apiTarget';
import { accountForWorkspace, notSentActions, notSentMessage } from './workspaceAccount';
import type { UrlDecisions } from './state';
import { COMMANDS } from '../commands';
import { notTakenText } from '../keepSync/describe';
import type { SendRequest } from '../request';
import type { FlowDocument, Ui, UiAction } from '../ui';

/** The document as the editor holds it (the language server has the same version). */
export type CreateDocument = FlowDocument;

export interface CreateDeps {
  ui: Ui;
  urlDecisions: UrlDecisions;
  settings(): ApiSettings | Promise<ApiSettings>;
  /** The key stored for an API URL (secret storage keeps one per URL, client/src/apiKeys.ts). */
  keyFor(url: string): Promise<string | undefined>;
  /** The request helper (client/src/request.ts); it sends `polysync/createBulkSync` here. */
  request: SendRequest;
  /** The name of the sync a linked document's state names, when it was read (the refusal names it). */
  syncName?(uri: string): string | undefined;
}

export type CreateOutcome =
  /** `linked`: the document now carries the new sync's link (false: the user was told how to add it). */
  | { kind: 'created'; sync: { id: string; name: string }; linked: boolean }
  | { kind: 'stopped'; reason: 'busy' | 'document' | 'settings' | 'no-key' | 'declined' | 'stale' | 'linked' | 'twin' }
  | { kind: 'failed'; error: Extract<CreateBulkSyncResult, { kind: 'failed' }>['error'] };

/** Lines of warnings listed in the confirmation; the rest are counted. */
const MAX_LISTED_WARNINGS = 8;

const basename = (fileName: string) => fileName.split(/[\\/]/).pop() || fileName;

export class CreateFlow {
  /** Documents with a Create in progress: a second click must not send a second request. */
  private readonly running = new Set<string>();

  constructor(private readonly deps: CreateDeps) {}

  async run(doc: CreateDocument): Promise<CreateOutcome> {
    const { ui } = this.deps;
    if (this.running.has(doc.uri)) {
      ui.showInfo(`A bulk sync is already being created from ${basename(doc.fileName)}.`);
      return { kind: 'stopped', reason: 'busy' };
    }
    this.running.add(doc.uri);
    try {
      return await this.create(doc);
    } finally {
      this.running.delete(doc.uri);
    }
  }

  private async create(doc: CreateDocument): Promise<CreateOutcome> {
    const { ui } = this.deps;
    const textDocument = { uri: doc.uri, version: doc.version };

    // 1. The server checks the document, the account and the settings; nothing is sent. Without a key for
    //    the user's URL, a workspace that names another URL may still be chosen below, with its own key.
    const settings = await this.deps.settings();
    const otherUrlNamed = settings.workspaceApiUrl !== undefined && !sameBaseUrl(settings.workspaceApiUrl, settings.apiUrl);
    let check = await this.deps.request(CreateBulkSync, { textDocument, dryRun: true });
    if (check.kind === 'blocked' && !(check.reason === 'signed-out' && otherUrlNamed)) return this.blocked(check, doc.uri);
    if (check.kind !== 'ready' && check.kind !== 'blocked') return this.unexpected(check.kind);

    // 2. A workspace that names another API URL is only used if the user says so, and then with the key
    //    stored for that URL: the URL and its key go to the server together, never the user URL's key.
    //    The same decision the requests on the workspace's syncs follow afterwards (workspaceAccount.ts).
    const decision = await accountForWorkspace(settings, this.deps, ui);
    if (!decision.ok) {
      switch (decision.reason) {
        case 'declined':
          return { kind: 'stopped', reason: 'declined' };
        case 'no-key':
        case 'untrusted':
          ui.showError(notSentMessage(decision), notSentActions(decision, ui));
          return { kind: 'stopped', reason: 'no-key' };
        case 'settings':
          ui.showError(decision.message, decision.openSettings ? [this.openSettings('polysync.apiUrl')] : []);
          return { kind: 'stopped', reason: 'settings' };
      }
    }
    const { account } = decision;
    if (account) check = await this.deps.request(CreateBulkSync, { textDocument, dryRun: true, account });
    if (check.kind === 'blocked') return this.blocked(check, doc.uri);
    if (check.kind !== 'ready') return this.unexpected(check.kind);

    // 3. Warnings are confirmed.
    const fileLabel = basename(doc.fileName);
    if (check.warnings.length > 0) {
      const choice = await ui.ask(`${fileLabel} has ${plural(check.warnings.length, 'warning')}. Create the bulk sync anyway?`, describeProblems(check.warnings), ['Create Anyway']);
      if (choice !== 'Create Anyway') return { kind: 'stopped', reason: 'declined' };
    }

    // 4. Send, with what the user accepted. The server checks again on the same version.
    ui.clearFieldDiagnostics(doc.uri);
    const name = check.name ?? fileLabel;
    const result = await ui.withProgress(`Creating bulk sync "${name}"…`, (signal) =>
      this.deps.request(CreateBulkSync, { textDocument, acceptWarnings: true, ...(account ? { account } : {}) }, signal),
    );
    switch (result.kind) {
      case 'created': {
        const { sync } = result;
        const copyId = { title: 'Copy ID', run: () => ui.copyToClipboard(sync.id) };
        const linked = result.linkEdit !== undefined && (await ui.writeLink(doc.uri, doc.version, result.linkEdit)) !== 'changed';
        if (linked) {
          ui.log(`Create ${doc.uri}: bulk sync ${sync.id} created and linked`);
          // Read back after the create: what the API did not keep as the file sets it is named, and Show Changes shows it.
          if (result.notTaken.length > 0) {
            ui.showWarning(`Created bulk sync "${sync.name}" and linked ${fileLabel} to it. ${notTakenText(result.notTaken)}`, [
              { title: 'Show Changes', run: () => ui.executeCommand(COMMANDS.showChanges, doc.uri) },
              copyId,
            ]);
          } else ui.showInfo(`Created bulk sync "${sync.name}" and linked ${fileLabel} to it.`, [copyId]);
        } else {
          // The sync exists; without the link, Update and Show Changes cannot find it and Create would make another.
          ui.showWarning(
            `Created bulk sync "${sync.name}", but ${fileLabel} changed while it was being created, so the link to it was not written. ` +
              'Paste the link into the file (Copy Link) so Update Bulk Sync and Show Changes know its sync.' +
              (result.notTaken.length > 0 ? ` Polytomic did not take: ${result.notTaken.join(', ')}.` : ''),
            [{ title: 'Copy Link', run: () => ui.copyToClipboard(result.linkText) }, copyId],
          );
        }
        return { kind: 'created', sync, linked };
      }
      case 'failed':
        this.failed(doc, result);
        return { kind: 'failed', error: result.error };
      case 'blocked':
        return this.blocked(result, doc.uri);
      default:
        return this.unexpected(result.kind);
    }
  }

  private openSettings(query: string): UiAction {
    return { title: 'Open Settings', run: () => this.deps.ui.executeCommand(COMMANDS.openSettings, query) };
  }

  private setApiKey(): UiAction {
    return { title: 'Set API Key', run: () => this.deps.ui.executeCommand(COMMANDS.setApiKey) };
  }

  private actionFor(setting: CredentialsSetting | undefined): UiAction[] {
    if (!setting) return [this.openSettings('polysync')];
    return [setting === 'apiKey' ? this.setApiKey() : this.openSettings(setting)];
  }

  private blocked(result: Extract<CreateBulkSyncResult, { kind: 'blocked' }>, uri: string): CreateOutcome {
    const { ui } = this.deps;
    switch (result.reason) {
      case 'document':
        ui.showError(`Cannot create the bulk sync: ${result.message}`, [{ title: 'Show Problems', run: () => ui.executeCommand(COMMANDS.showProblems) }]);
        return { kind: 'stopped', reason: 'document' };
      case 'body':
        ui.showError(`Cannot create the bulk sync: ${result.message}`);
        return { kind: 'stopped', reason: 'document' };
      case 'signed-out':
        ui.showError(`${result.message.replace(/ Nothing was sent\.$/, '')} It is kept in VS Code secret storage. Nothing was sent.`, [this.setApiKey()]);
        return { kind: 'stopped', reason: 'no-key' };
      case 'settings':
        ui.showError(result.message, this.actionFor(result.setting));
        return { kind: 'stopped', reason: 'settings' };
      case 'stale':
        ui.showWarning(result.message);
        return { kind: 'stopped', reason: 'stale' };
      case 'linked':
        // Not a failure: a linked file is kept with Update; Create would make a second sync.
        ui.showInfo(this.linkedMessage(result, uri), [
          { title: 'Update Bulk Sync', run: () => ui.executeCommand(COMMANDS.updateBulkSync, uri) },
          { title: 'Show Changes', run: () => ui.executeCommand(COMMANDS.showChanges, uri) },
        ]);
        return { kind: 'stopped', reason: 'linked' };
      case 'twin': {
        // Not created: the sync exists already; the message names it and how to link the file.
        const first = result.syncIds?.[0];
        ui.showWarning(result.message, first ? [{ title: 'Copy ID', run: () => ui.copyToClipboard(first) }] : []);
        return { kind: 'stopped', reason: 'twin' };
      }
    }
  }

  /** The refusal in the sync's name when its state was read; the server's words (naming its id) otherwise. */
  private linkedMessage(result: { message: string; syncId?: string }, uri: string): string {
    const name = this.deps.syncName?.(uri);
    if (!name) return result.message;
    return `This file is linked to bulk sync "${name}", so Create would make a second sync from it; nothing was sent. Update Bulk Sync sends the file to that sync; to create another one, delete the "polysync" key (or copy the file without it).`;
  }

  private failed(doc: CreateDocument, result: Extract<CreateBulkSyncResult, { kind: 'failed' }>): void {
    const { ui } = this.deps;
    const { error } = result;
    if (error.kind === 'cancelled') {
      ui.showWarning(`Create cancelled. ${error.message}`);
      return;
    }
    const message = `Could not create the bulk sync: ${error.message}`;
    if (error.kind === 'unauthorized' || error.kind === 'forbidden') {
      const problem = error.kind === 'unauthorized' ? 'The API key (or organization id) was not accepted.' : 'The API key does not have permission to create bulk syncs.';
      ui.showError(`${problem} ${message}`, [this.setApiKey()]);
      return;
    }
    if ((error.kind === 'invalid' || error.kind === 'bad-request') && result.fields.length > 0) {
      ui.setFieldDiagnostics(
        doc.uri,
        doc.version,
        result.fields.map((f) => ({ ...f, message: `${f.path}: ${f.message}${f.exact ? '' : ` (the API named ${f.path}, which is not in the file)`}` })),
      );
      ui.showError(message, [{ title: 'Show Problems', run: () => ui.executeCommand(COMMANDS.showProblems) }]);
      return;
    }
    // Server and network failures never touch the file: say so, so nobody hunts for lost edits.
    ui.showError(`${message} The document is unchanged.`);
  }

  private unexpected(kind: string): CreateOutcome {
    this.deps.ui.showError(`The Polysync language server answered Create with "${kind}"; nothing was created. See the Polysync output.`);
    return { kind: 'stopped', reason: 'stale' };
  }
}

function describeProblems(problems: readonly CreateProblem[]): string {
  const lines = problems.slice(0, MAX_LISTED_WARNINGS).map((d) => `Line ${d.range.start.line + 1}: ${d.message.replace(/\s*\n\s*/g, ' ')}`);
  if (problems.length > MAX_LISTED_WARNINGS) lines.push(`…and ${problems.length - MAX_LISTED_WARNINGS} more (see the Problems view).`);
  return lines.join('\n');
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
