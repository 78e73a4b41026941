// "Polysync: Create Bulk Sync" without the editor: check the document, confirm what needs
// confirming, send it, and report the outcome through the injected Ui. The document text is only
// read, never changed.
import * as path from 'node:path';
import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { type ApiConfigInput, ApiConfigError, isSupportedVersion, SUPPORTED_API_VERSIONS } from '../../../server/src/api/config';
import { ApiError } from '../../../server/src/api/errors';
import { formatFieldPath } from '../../../server/src/api/fieldPaths';
import type { BulkSyncResponse } from '../../../server/src/api/types';
import { parseDocument } from '../../../server/src/service/document/document';
import { locateFields, prepareRequestBody } from '../../../server/src/service/operations/requestBody';
import { validateDocument } from '../../../server/src/service/diagnostics/validate';
import { type ApiSettings, chooseApiUrl } from './apiTarget';
import type { CreatedSyncs, UrlDecisions } from './state';
import { COMMANDS, type FieldDiagnostic, type Ui, type UiAction } from './ui';

/** The document as the editor holds it (unsaved text included: it is what the user sees). */
export interface CreateDocument {
  uri: string;
  fileName: string;
  version: number;
  text: string;
}

/** The part of PolytomicClient the flow uses. */
export interface BulkSyncCreator {
  createBulkSync(body: Record<string, unknown>, options: { signal?: AbortSignal }): Promise<BulkSyncResponse>;
}

export interface CreateDeps {
  ui: Ui;
  created: CreatedSyncs;
  urlDecisions: UrlDecisions;
  settings(): ApiSettings;
  /** The key from secret storage; undefined when none is set. */
  apiKey(): PromiseLike<string | undefined>;
  isTrusted(): boolean;
  /** Builds the API client; throws ApiConfigError for unusable settings. */
  newClient(config: ApiConfigInput): BulkSyncCreator;
}

export type CreateOutcome =
  | { kind: 'created'; sync: BulkSyncResponse }
  | { kind: 'stopped'; reason: 'untrusted' | 'busy' | 'document' | 'settings' | 'no-key' | 'declined' }
  | { kind: 'failed'; error: ApiError };

/** Lines of warnings listed in the confirmation; the rest are counted. */
const MAX_LISTED_WARNINGS = 8;

export class CreateFlow {
  /** Documents with a Create in progress: a second click must not send a second request. */
  private readonly running = new Set<string>();

  constructor(private readonly deps: CreateDeps) {}

  async run(doc: CreateDocument): Promise<CreateOutcome> {
    const { ui } = this.deps;
    if (!this.deps.isTrusted()) {
      ui.showError(
        'Creating bulk syncs is turned off in an untrusted workspace, because it sends this file and your API key to the ' +
          'Polytomic API. Trust the workspace to use it. Nothing was sent.',
        [{ title: 'Manage Workspace Trust', run: () => ui.executeCommand(COMMANDS.manageTrust) }],
      );
      return { kind: 'stopped', reason: 'untrusted' };
    }
    if (this.running.has(doc.uri)) {
      ui.showInfo(`A bulk sync is already being created from ${path.basename(doc.fileName)}.`);
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
    const { ui, created } = this.deps;

    // 1. The document: the same checks as the language server, then the exact body to send.
    const diagnostics = validateDocument(parseDocument(doc.uri, doc.version, doc.text)) ?? [];
    const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
    const warnings = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Warning);
    if (errors.length > 0) {
      ui.showError(`Cannot create the bulk sync: ${plural(errors.length, 'problem')} must be fixed first. Nothing was sent.`, [
        { title: 'Show Problems', run: () => ui.executeCommand(COMMANDS.showProblems) },
      ]);
      return { kind: 'stopped', reason: 'document' };
    }
    // Trailing commas are only a warning (they are dropped when sending), so they are allowed here.
    const prepared = prepareRequestBody(doc.text, { allowTrailingComma: true });
    if ('error' in prepared) {
      ui.showError(`Cannot create the bulk sync: ${prepared.error} Nothing was sent.`);
      return { kind: 'stopped', reason: 'document' };
    }

    // 2. Settings and key, checked before asking anything so no question is wasted.
    const settings = this.deps.settings();
    const openSettings = (query: string): UiAction => ({ title: 'Open Settings', run: () => ui.executeCommand(COMMANDS.openSettings, query) });
    if (!isSupportedVersion(settings.apiVersion)) {
      ui.showError(
        `The polysync.apiVersion setting "${settings.apiVersion}" is not a supported API version (${SUPPORTED_API_VERSIONS.join(', ')}). Nothing was sent.`,
        [openSettings('polysync.apiVersion')],
      );
      return { kind: 'stopped', reason: 'settings' };
    }
    const organizationId = settings.keyKind === 'organization' ? settings.organizationId?.trim() : undefined;
    if (settings.keyKind === 'organization' && !organizationId) {
      ui.showError(
        'polysync.keyKind is "organization", so polysync.organizationId must be set: an organization key is sent together with its organization id. Nothing was sent.',
        [openSettings('polysync.organizationId')],
      );
      return { kind: 'stopped', reason: 'settings' };
    }
    const setApiKey: UiAction = { title: 'Set API Key', run: () => ui.executeCommand(COMMANDS.setApiKey) };
    const apiKey = (await this.deps.apiKey())?.trim();
    if (!apiKey) {
      ui.showError('No Polytomic API key is set. Set one to create bulk syncs; it is kept in VS Code secret storage. Nothing was sent.', [setApiKey]);
      return { kind: 'stopped', reason: 'no-key' };
    }
    const target = await chooseApiUrl(settings, ui, this.deps.urlDecisions);
    if (!target.ok) {
      if (target.declined) return { kind: 'stopped', reason: 'declined' };
      ui.showError(target.message, target.openSettings ? [openSettings('polysync.apiUrl')] : []);
      return { kind: 'stopped', reason: 'settings' };
    }
    let client: BulkSyncCreator;
    try {
      client = this.deps.newClient({ baseUrl: target.url, apiKey, organizationId, version: settings.apiVersion });
    } catch (error) {
      if (!(error instanceof ApiConfigError)) throw error;
      ui.showError(`${error.message} Nothing was sent.`, /key/i.test(error.message) ? [setApiKey] : [openSettings('polysync')]);
      return { kind: 'stopped', reason: 'settings' };
    }

    // 3. Confirmations: warnings, then a file that already created a sync.
    const fileLabel = path.basename(doc.fileName);
    if (warnings.length > 0) {
      const choice = await ui.ask(
        `${fileLabel} has ${plural(warnings.length, 'warning')}. Create the bulk sync anyway?`,
        describeWarnings(warnings),
        ['Create Anyway'],
      );
      if (choice !== 'Create Anyway') return { kind: 'stopped', reason: 'declined' };
    }
    const earlier = created.latest(doc.uri);
    if (earlier) {
      const choice = await ui.ask(
        `This file already created bulk sync ${earlier.name} (${earlier.id}). Create another?`,
        `Creating again makes a second bulk sync at ${target.url}; it does not update the first one.`,
        ['Create Another'],
      );
      if (choice !== 'Create Another') return { kind: 'stopped', reason: 'declined' };
    }

    // 4. Send.
    ui.clearFieldDiagnostics(doc.uri);
    const name = typeof prepared.body.name === 'string' && prepared.body.name.trim() ? prepared.body.name : fileLabel;
    let sync: BulkSyncResponse;
    try {
      sync = await ui.withProgress(`Creating bulk sync "${name}"…`, (signal) => client.createBulkSync(prepared.body, { signal }));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      this.report(doc, error, setApiKey);
      return { kind: 'failed', error };
    }
    await created.remember(doc.uri, { id: sync.id, name: sync.name, createdAt: new Date().toISOString(), apiUrl: target.url });
    ui.showInfo(`Created bulk sync "${sync.name}" (${sync.id}).`, [{ title: 'Copy ID', run: () => ui.copyToClipboard(sync.id) }]);
    return { kind: 'created', sync };
  }

  private report(doc: CreateDocument, error: ApiError, setApiKey: UiAction): void {
    const { ui } = this.deps;
    if (error.kind === 'cancelled') {
      ui.showWarning(`Create cancelled. ${error.message}`);
      return;
    }
    const message = `Could not create the bulk sync: ${error.message}`;
    if (error.kind === 'unauthorized' || error.kind === 'forbidden') {
      const problem = error.kind === 'unauthorized' ? 'The API key (or organization id) was not accepted.' : 'The API key does not have permission to create bulk syncs.';
      ui.showError(`${problem} ${message}`, [setApiKey]);
      return;
    }
    if ((error.kind === 'invalid' || error.kind === 'bad-request') && error.fields.length > 0) {
      ui.setFieldDiagnostics(doc.uri, doc.version, fieldDiagnostics(doc.text, error));
      ui.showError(message, [{ title: 'Show Problems', run: () => ui.executeCommand(COMMANDS.showProblems) }]);
      return;
    }
    // Server and network failures never touch the file: say so, so nobody hunts for lost edits.
    ui.showError(`${message} The document is unchanged.`);
  }
}

/** Each field the API named, on the text that was sent (its nearest parent when it is not there). */
export function fieldDiagnostics(text: string, error: ApiError): FieldDiagnostic[] {
  const located = locateFields(text, error.fields.map((f) => f.path));
  return error.fields.map((field, i) => {
    const fieldPath = formatFieldPath(field.path);
    const what = field.message ?? error.apiMessage ?? 'rejected by the API';
    const where = located[i].exact ? '' : ` (the API named ${fieldPath}, which is not in the file)`;
    return { range: located[i].range, path: fieldPath, message: `${fieldPath}: ${what}${where}` };
  });
}

function describeWarnings(warnings: Diagnostic[]): string {
  const lines = warnings.slice(0, MAX_LISTED_WARNINGS).map((d) => {
    const text = typeof d.message === 'string' ? d.message : String(d.message);
    return `Line ${d.range.start.line + 1}: ${text.replace(/\s*\n\s*/g, ' ')}`;
  });
  if (warnings.length > MAX_LISTED_WARNINGS) lines.push(`…and ${warnings.length - MAX_LISTED_WARNINGS} more (see the Problems view).`);
  return lines.join('\n');
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
