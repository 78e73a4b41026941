// The custom requests on a sync after Create, for any editor: list and pull (import), the state of a
// linked document (differences, changes made in Polytomic, last and next run), update and run. Each
// uses the server's parse of the version the client names, its credentials and an API client; the
// operations themselves are in service/operations.
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  BulkSyncExecutionState,
  BulkSyncState,
  type BulkSyncStateResult,
  ListBulkSyncs,
  PullBulkSync,
  RunBulkSync,
  type SyncExecutionSummary,
  type SyncFailure,
  UpdateBulkSync,
  type UpdatePlan,
} from '../../../protocol/messages';
import { apiClientFor } from './apiClient';
import { minimalEdit } from './linkEdit';
import { ApiError, type PolytomicClient } from '../api';
import { Gate } from '../api/gate';
import type { BulkSyncExecution } from '../api/types';
import { describeSchedule, type LanguageService, type ParsedDocument, parseDocument } from '../service';
import {
  type ApplyPlan,
  applyPlan,
  checkForCreate,
  diffBodyWithLive,
  fileNameForSync,
  fingerprints,
  changedSince,
  DEFAULT_CONCURRENCY,
  gatedSyncApi,
  inferredSyncAppUrl,
  type LiveSync,
  planApply,
  prepareRequestBody,
  pulledFileText,
  readLink,
  readLiveSync,
  startRun,
  summarizeStatus,
  type SyncApi,
  writeLink,
} from '../service/operations';
import type { AccountBridge } from './accountBridge';

export interface KeepSyncDeps {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  service: LanguageService;
  account: AccountBridge;
  log(line: string): void;
}

type Token = { onCancellationRequested(listener: () => void): { dispose(): void } };

export function registerKeepSync(deps: KeepSyncDeps): void {
  const { connection } = deps;
  connection.onRequest(ListBulkSyncs, () => withClient(deps, async (api, client) => {
    const [syncs, connections] = await Promise.all([api.listBulkSyncs(), gate.run(() => client.listConnections()).catch(() => [])]);
    const names = new Map(connections.map((c) => [c.id, c.name]));
    return {
      kind: 'ok' as const,
      syncs: syncs.map((s) => ({
        id: s.id,
        name: s.name,
        active: s.active,
        sourceConnectionId: s.source_connection_id,
        sourceConnectionName: names.get(s.source_connection_id),
        destinationConnectionId: s.destination_connection_id,
        destinationConnectionName: names.get(s.destination_connection_id),
        schedule: scheduleInWords(s.default_schedule),
      })),
    };
  }));
  connection.onRequest(PullBulkSync, (params) => withClient(deps, async (api) => {
    const live = await readLiveSync(api, params.syncId);
    return { kind: 'ok' as const, text: pulledFileText(live), fileName: fileNameForSync(live.sync.name, live.sync.id), name: live.sync.name };
  }, params.syncId));
  connection.onRequest(BulkSyncState, async (params) => {
    const linked = linkedDocument(deps, params.textDocument.uri, params.textDocument.version);
    if ('kind' in linked) return linked.kind === 'unlinked' ? { kind: 'unlinked' } : linked.failure;
    return withClient(deps, async (api, client): Promise<BulkSyncStateResult> => {
      const [live, status] = await Promise.all([readLiveSync(api, linked.syncId), api.getBulkSyncStatus(linked.syncId)]);
      const prepared = prepareRequestBody(linked.doc);
      const differences = 'body' in prepared ? diffBodyWithLive(prepared.body, live) : [];
      const link = linked.link;
      const changed = link.fingerprints ? changedSince(link.fingerprints, fingerprints(live)) : [];
      const unnamed = !link.fingerprints && link.updated_at !== undefined && live.sync.updated_at !== undefined && Date.parse(link.updated_at) !== Date.parse(live.sync.updated_at);
      const summary = summarizeStatus(status);
      return {
        kind: 'linked',
        syncId: linked.syncId,
        name: live.sync.name,
        appUrl: inferredSyncAppUrl(client.config.baseUrl, linked.syncId),
        differences,
        changedInPolytomic: changed,
        changedUnnamed: unnamed,
        liveText: pulledFileText(live),
        running: summary.running,
        ...(summary.execution ? { execution: executionSummary(summary.execution) } : {}),
        ...(summary.nextRun ? { nextRun: summary.nextRun } : {}),
      };
    }, linked.syncId);
  });
  connection.onRequest(UpdateBulkSync, async (params, token) => {
    const linked = linkedDocument(deps, params.textDocument.uri, params.textDocument.version);
    if ('kind' in linked) return linked.kind === 'unlinked' ? blocked('unlinked', 'The document is not linked to a bulk sync; create it first.') : linked.failure;
    const check = checkForCreate(linked.doc);
    if (!check.ok) return blocked('document', check.reason === 'document' ? `${check.errors.length} problem(s) must be fixed first. Nothing was sent.` : `${check.message} Nothing was sent.`);
    return withClient(deps, async (api) => {
      const controller = cancellable(token);
      try {
        const live: LiveSync = await readLiveSync(api, linked.syncId, { signal: controller.signal });
        const plan = planApply(check.body, linked.link, live);
        const summary = planSummary(plan, live.sync.name);
        if (plan.differences.length === 0) return { kind: 'up-to-date' as const, syncId: linked.syncId };
        if (params.dryRun || (plan.drift.conflicts.length > 0 && !params.force)) return { kind: 'planned' as const, plan: summary };
        const outcome = await applyPlan(api, plan, { signal: controller.signal });
        if (outcome.kind === 'failed') {
          return { kind: 'partial' as const, message: outcome.error.message, done: outcome.done, notDone: outcome.notDone, uncertain: outcome.uncertain };
        }
        const text = writeLink(linked.doc.text, outcome.link);
        if (text === undefined) return { kind: 'failed' as const, message: 'The sync was updated, but the link could not be written into the document.' };
        return { kind: 'updated' as const, plan: summary, linkEdit: minimalEdit(linked.doc.text, text) };
      } finally {
        controller.dispose();
      }
    }, linked.syncId);
  });
  connection.onRequest(BulkSyncExecutionState, (params) => withClient(deps, async (api) => {
    const summary = summarizeStatus(await api.getBulkSyncStatus(params.syncId));
    return {
      kind: 'ok' as const,
      running: summary.running,
      ...(summary.execution ? { execution: executionSummary(summary.execution) } : {}),
      ...(summary.nextRun ? { nextRun: summary.nextRun } : {}),
    };
  }, params.syncId));
  connection.onRequest(RunBulkSync, async (params) => {
    const linked = linkedDocument(deps, params.textDocument.uri, params.textDocument.version);
    if ('kind' in linked) return linked.kind === 'unlinked' ? blocked('unlinked', 'The document is not linked to a bulk sync; create it first.') : linked.failure;
    return withClient(deps, async (api) => {
      const outcome = await startRun(api, linked.syncId);
      if (outcome.kind === 'started') return { kind: 'started' as const, execution: executionSummary(outcome.execution) };
      return { kind: 'already-running' as const, message: outcome.message, ...(outcome.running ? { execution: executionSummary(outcome.running) } : {}) };
    }, linked.syncId);
  });
}

const blocked = (reason: Extract<SyncFailure, { kind: 'blocked' }>['reason'], message: string, extra: { setting?: Extract<SyncFailure, { kind: 'blocked' }>['setting'] } = {}): SyncFailure => ({ kind: 'blocked', reason, message, ...extra });

function linkedDocument(deps: KeepSyncDeps, uri: string, version: number):
  | { kind: 'unlinked' }
  | { kind: 'failure'; failure: SyncFailure }
  | { doc: ParsedDocument; syncId: string; link: NonNullable<Extract<ReturnType<typeof readLink>, { linked: true }>['link']> } {
  const document = deps.documents.get(uri);
  if (!document || document.version !== version) return { kind: 'failure', failure: blocked('stale', 'The document is not open at that version in the Polysync language server; nothing was sent.') };
  const doc = deps.service.parse(document);
  const link = readLink(doc);
  if (link.linked === false) return { kind: 'unlinked' };
  if (link.linked === 'invalid') return { kind: 'failure', failure: blocked('document', link.message) };
  return { doc, syncId: link.link.sync_id, link: link.link };
}

/**
 * The language server's requests on syncs share one bound on the API requests in flight, the CLI's
 * default: opening many linked files at once reads their states a few requests at a time.
 */
const gate = new Gate(DEFAULT_CONCURRENCY);

/**
 * Runs `work` with an API client built from the server's credentials (`api`: its sync requests through
 * the gate); API errors become failures.
 */
async function withClient<T>(deps: KeepSyncDeps, work: (api: SyncApi, client: PolytomicClient) => Promise<T>, syncId?: string): Promise<T | SyncFailure> {
  const built = apiClientFor(deps.account.credentials(), deps.log);
  if ('problem' in built) {
    if (built.problem === 'signed-out') return blocked('signed-out', 'No Polytomic API key is set. Nothing was sent.', { setting: 'apiKey' });
    return blocked('settings', built.message, built.setting ? { setting: built.setting } : {});
  }
  const { client } = built;
  try {
    return await work(gatedSyncApi(client, gate), client);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const notFound = error.status === 404;
    const message = notFound && syncId ? `Bulk sync ${syncId} was not found: it does not exist, was deleted, or belongs to another organization. (${error.message})` : error.message;
    return { kind: 'failed', message, ...(error.status !== undefined ? { status: error.status } : {}), ...(notFound ? { notFound } : {}) };
  }
}

function cancellable(token: Token): AbortController & { dispose(): void } {
  const controller = new AbortController();
  const subscription = token.onCancellationRequested(() => controller.abort());
  return Object.assign(controller, { dispose: () => subscription.dispose() });
}

function planSummary(plan: ApplyPlan, name: string): UpdatePlan {
  return {
    syncId: plan.syncId,
    name,
    differences: plan.differences,
    put: plan.put !== undefined,
    schemas: plan.schemaChanges.map((s) => ({ id: s.id, removed: s.enabled === false })),
    conflicts: plan.drift.unnamed ? ['(changed in Polytomic; the link cannot name the fields)'] : plan.drift.conflicts,
  };
}

function executionSummary(e: BulkSyncExecution): SyncExecutionSummary {
  return {
    id: e.id,
    status: e.status,
    ...(e.started_at ? { startedAt: e.started_at } : {}),
    ...(e.completed_at ? { completedAt: e.completed_at } : {}),
    ...(e.record_count !== undefined ? { recordCount: e.record_count } : {}),
    ...(e.error_count !== undefined ? { errorCount: e.error_count } : {}),
    ...(e.status_message ? { message: e.status_message } : {}),
  };
}

function scheduleInWords(schedule: unknown): string | undefined {
  if (typeof schedule !== 'object' || schedule === null) return undefined;
  return describeSchedule(parseDocument('schedule.json', 0, JSON.stringify(schedule)).root);
}
