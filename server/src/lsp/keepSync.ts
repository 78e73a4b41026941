// The custom requests on a sync after Create, for any editor: list and pull (import), the state of a
// linked document (differences, changes made in Polytomic, last and next run), update and run. Each
// takes the document through the document gate (at the version the client names), runs under the async
// guard, and calls an operation (operations/) with an API client for the server's credentials, or for the
// account the request carries (`account`: a URL the user chose for the workspace's syncs, with the key
// stored for it, as Create takes it): this file translates requests into those calls and their outcomes
// into replies, and decides nothing itself.
import type { RequestHandler, RequestType } from 'vscode-languageserver-protocol';
import {
  BulkSyncExecutionState,
  BulkSyncState,
  type BulkSyncStateResult,
  ListBulkSyncs,
  PullBulkSync,
  RunBulkSync,
  type SyncDifference,
  type SyncExecutionSummary,
  type SyncFailure,
  UpdateBulkSync,
  type UpdatePlan,
} from '../../../protocol/messages';
import { apiClientFor, carriedAccount } from './apiClient';
import { SyncReads } from './syncReads';
import { accountIdentity } from '../account/credentials';
import { minimalEdit } from './linkEdit';
import { ApiError, type PolytomicClient } from '../api';
import { Gate } from '../api/gate';
import type { BulkSyncExecution } from '../api/types';
import { describeSchedule, liveSideText, type ParsedDocument, parseDocument } from '../service';
import {
  type ApplyPlan,
  applyPlan,
  checkForUpdate,
  compareWithLive,
  DEFAULT_CONCURRENCY,
  type Difference,
  gatedSyncApi,
  inferredSyncAppUrl,
  planUpdate,
  prepareRequestBody,
  pulledFileText,
  pullSync,
  readLink,
  readStatus,
  startRun,
  type StatusSummary,
  type SyncApi,
  type SyncLink,
  writeLink,
} from '../operations';
import { documentErrorsMessage, gateRefusal, type RequestDeps, type Token, withAbort } from './requests';

/** The answer to a request whose work failed with a bug (the guard has logged it with its stack). */
const INTERNAL_FAILURE: SyncFailure = { kind: 'failed', message: 'The Polysync language server failed with an internal error; its output has the details.' };

export function registerKeepSync(deps: RequestDeps): void {
  // The server's requests on syncs share one bound on the API requests in flight, the CLI's default:
  // opening many linked files at once reads their states a few requests at a time.
  const requestBound = new Gate(DEFAULT_CONCURRENCY);
  // The state reads (lens, Show Changes, run status) share reads in flight and keep schema reads while
  // nothing says they changed; import and update read everything afresh.
  const reads = new SyncReads();
  // `params`: the request's, whose `account` (when it carries one) is the one the API client is for.
  const withClient = <T>(params: unknown, work: (api: SyncApi, client: PolytomicClient) => Promise<T>, syncId?: string) => runWithClient(deps, requestBound, params, work, syncId);
  const withSharedReads = <T>(params: unknown, work: (api: SyncApi, client: PolytomicClient) => Promise<T>, syncId?: string) => runWithClient(deps, requestBound, params, work, syncId, reads);
  // Each request through the async guard; one that may change the sync is not cancelled after it was sent.
  const connection = {
    onRequest<P, R>(type: RequestType<P, R, void>, handler: (params: P, token: Token) => Promise<R | SyncFailure>, changes = false) {
      const guarded: RequestHandler<P, R, void> = (params, token) =>
        deps.guard(type.method, token, { cancelAfter: !changes, failed: INTERNAL_FAILURE as R }, () => handler(params, token) as Promise<R>) as Promise<never>; // R is one of each request's answers
      deps.connection.onRequest(type, guarded);
    },
  };
  connection.onRequest(ListBulkSyncs, (params) => withClient(params, async (api, client) => {
    const [syncs, connections] = await Promise.all([api.listBulkSyncs(), requestBound.run(() => client.listConnections()).catch(() => [])]);
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
  connection.onRequest(PullBulkSync, (params) => withClient(params, async (api) => {
    const pulled = await pullSync(api, params.syncId);
    return { kind: 'ok' as const, text: pulled.text, fileName: pulled.fileName, name: pulled.live.sync.name };
  }, params.syncId));
  connection.onRequest(BulkSyncState, async (params) => {
    const linked = await linkedDocument(deps, params.textDocument.uri, params.textDocument.version);
    if ('kind' in linked) return linked.kind === 'unlinked' ? { kind: 'unlinked' } : linked.failure;
    return withSharedReads(params, async (api, client): Promise<BulkSyncStateResult> => {
      const prepared = prepareRequestBody(linked.doc);
      const body = 'body' in prepared ? prepared.body : undefined;
      // A document that is no request body shows the live sync as a pulled file: every schema is needed.
      const schemaReads = body ? reads.schemaReadsFor(linked.syncId) : 'all';
      const [compared, status] = await Promise.all([compareWithLive(api, linked.link, body, { schemaReads }), readStatus(api, linked.syncId)]);
      let comparison = compared;
      // The pulled file a difference that cannot be placed falls back to needs every schema read.
      if (comparison.notRead && body && liveSideText(linked.doc.text, comparison.differences).unplaced.length > 0) comparison = await compareWithLive(api, linked.link, body, { schemaReads: 'all' });
      const { live, differences } = comparison;
      return {
        kind: 'linked',
        syncId: linked.syncId,
        name: live.sync.name,
        appUrl: inferredSyncAppUrl(client.config.baseUrl, linked.syncId),
        differences: differences.map(syncDifference),
        changedInPolytomic: differences.filter((d) => d.changedInPolytomic && !d.discovered).map((d) => d.path),
        ...(comparison.changedBy ? { changedBy: comparison.changedBy } : {}),
        ...(comparison.changedAt ? { changedAt: comparison.changedAt } : {}),
        changedUnnamed: comparison.changedUnnamed,
        ...liveSide(linked.doc.text, 'body' in prepared ? undefined : prepared.error, differences, () => pulledFileText(live)),
        ...statusReply(status),
      };
    }, linked.syncId);
  });
  connection.onRequest(UpdateBulkSync, async (params, token) => {
    const linked = await linkedDocument(deps, params.textDocument.uri, params.textDocument.version);
    if ('kind' in linked) return linked.kind === 'unlinked' ? blocked('unlinked', 'The document is not linked to a bulk sync; create it first.') : linked.failure;
    // The checks Create runs, account checks included, once the account the update goes with has answered
    // what the file names.
    const carried = carriedAccount(params);
    const check = checkForUpdate(linked.doc, await deps.account.settledSnapshotFor(linked.doc, typeof carried === 'object' ? carried : undefined), deps.configFor(params.textDocument.uri));
    if (!check.ok) {
      if (check.reason === 'unlinked') return blocked('unlinked', 'The document is not linked to a bulk sync; create it first.');
      if (check.reason === 'document') return blocked('document', documentErrorsMessage(check.errors.length, check.hidden));
      return blocked('document', `${check.message} Nothing was sent.`);
    }
    // What this server kept of the sync no longer holds once it is changed from here.
    reads.forget(linked.syncId);
    return withClient(params, (api) => withAbort(token, async (signal) => {
      const decision = await planUpdate(api, check.body, check.link, { signal, force: params.force });
      if (decision.kind === 'up-to-date') {
        // A link from before bases gets one now, as `polysync apply` writes it: nothing is sent.
        const renewed = decision.renewedLink ? writeLink(linked.doc.text, decision.renewedLink) : undefined;
        return { kind: 'up-to-date' as const, syncId: linked.syncId, ...(renewed !== undefined ? { linkEdit: minimalEdit(linked.doc.text, renewed) } : {}) };
      }
      const summary = planSummary(decision.plan, decision.live.sync.name);
      if (params.dryRun || decision.kind === 'conflict') return { kind: 'planned' as const, plan: summary };
      const outcome = await applyPlan(api, decision.plan, { signal });
      reads.forget(linked.syncId);
      if (outcome.kind === 'failed') {
        return { kind: 'partial' as const, message: outcome.error.message, done: outcome.done, notDone: outcome.notDone, uncertain: outcome.uncertain };
      }
      const text = writeLink(linked.doc.text, outcome.link);
      if (text === undefined) return { kind: 'failed' as const, message: 'The sync was updated, but the link could not be written into the document.' };
      return { kind: 'updated' as const, plan: summary, linkEdit: minimalEdit(linked.doc.text, text), notTaken: outcome.notTaken };
    }), linked.syncId);
  }, true);
  connection.onRequest(BulkSyncExecutionState, (params) => withSharedReads(params, async (api) => {
    return { kind: 'ok' as const, ...statusReply(await readStatus(api, params.syncId)) };
  }, params.syncId));
  connection.onRequest(RunBulkSync, async (params) => {
    const linked = await linkedDocument(deps, params.textDocument.uri, params.textDocument.version);
    if ('kind' in linked) return linked.kind === 'unlinked' ? blocked('unlinked', 'The document is not linked to a bulk sync; create it first.') : linked.failure;
    return withClient(params, async (api) => {
      const outcome = await startRun(api, linked.syncId);
      if (outcome.kind === 'started') return { kind: 'started' as const, execution: executionSummary(outcome.execution) };
      return { kind: 'already-running' as const, message: outcome.message, ...(outcome.running ? { execution: executionSummary(outcome.running) } : {}) };
    }, linked.syncId);
  }, true);
}

const blocked = (reason: Extract<SyncFailure, { kind: 'blocked' }>['reason'], message: string, extra: { setting?: Extract<SyncFailure, { kind: 'blocked' }>['setting'] } = {}): SyncFailure => ({ kind: 'blocked', reason, message, ...extra });

async function linkedDocument(deps: RequestDeps, uri: string, version: number): Promise<
  | { kind: 'unlinked' }
  | { kind: 'failure'; failure: SyncFailure }
  | { doc: ParsedDocument; syncId: string; link: SyncLink }> {
  const answer = await deps.gate.at(uri, version);
  if (!answer.ok) {
    const refusal = gateRefusal(answer);
    return { kind: 'failure', failure: blocked(refusal.reason, refusal.message) };
  }
  const doc = deps.service.parse(answer.document);
  const link = readLink(doc);
  if (link.linked === false) return { kind: 'unlinked' };
  if (link.linked === 'invalid') return { kind: 'failure', failure: blocked('document', link.message) };
  return { doc, syncId: link.link.sync_id, link: link.link };
}

/**
 * Runs `work` with an API client built from the account `params` carries, else the server's credentials
 * (`api`: its sync requests through the shared bound, and through `reads` when given, kept apart per
 * account); API errors become failures. A carried account is used whole: its URL never gets the server's key.
 */
async function runWithClient<T>(deps: RequestDeps, requestBound: Gate, params: unknown, work: (api: SyncApi, client: PolytomicClient) => Promise<T>, syncId?: string, reads?: SyncReads): Promise<T | SyncFailure> {
  const carried = carriedAccount(params);
  if (carried === 'url-without-key') {
    return blocked('settings', 'The request named an API URL without its key (`apiUrl`); send `account`, the URL with the key stored for it. Nothing was sent.', { setting: 'polysync.apiUrl' });
  }
  if (carried === 'key-without-url') {
    return blocked('settings', 'The request carried an account without its API URL; `account.apiUrl` names the URL its key is for. Nothing was sent.', { setting: 'polysync.apiUrl' });
  }
  const credentials = carried ?? deps.account.credentials();
  const built = apiClientFor(credentials, deps.log, deps.account.gates);
  if ('problem' in built) {
    if (built.problem === 'signed-out') return blocked('signed-out', `No Polytomic API key is set${carried ? ` for ${carried.apiUrl}` : ''}. Nothing was sent.`, { setting: 'apiKey' });
    return blocked('settings', built.message, built.setting ? { setting: built.setting } : {});
  }
  const { client } = built;
  try {
    const gated = gatedSyncApi(client, requestBound);
    return await work(reads && credentials ? reads.over(gated, accountIdentity(credentials)) : gated, client);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const notFound = error.status === 404;
    const message = notFound && syncId ? `Bulk sync ${syncId} was not found: it does not exist, was deleted, or belongs to another organization. (${error.message})` : error.message;
    return { kind: 'failed', message, ...(error.status !== undefined ? { status: error.status } : {}), ...(notFound ? { notFound } : {}) };
  }
}

/**
 * The live side of Show Changes: the document's own text with the differing values replaced by the live
 * ones. When the document cannot be compared (it is not a request body), or a difference cannot be
 * placed in its text, the live sync as a pulled file instead, so no difference is ever left out.
 */
function liveSide(text: string, notCompared: string | undefined, differences: readonly { path: string; live?: unknown }[], pulled: () => string): { liveText: string; notCompared?: string } {
  if (notCompared !== undefined) return { liveText: pulled(), notCompared };
  const side = liveSideText(text, differences);
  return { liveText: side.unplaced.length === 0 ? side.text : pulled() };
}

/** A status as the protocol carries it: running, the current or last execution, the next run. */
function statusReply(summary: StatusSummary): { running: boolean; execution?: SyncExecutionSummary; nextRun?: string } {
  return {
    running: summary.running,
    ...(summary.execution ? { execution: executionSummary(summary.execution) } : {}),
    ...(summary.nextRun ? { nextRun: summary.nextRun } : {}),
  };
}

function planSummary(plan: ApplyPlan, name: string): UpdatePlan {
  return {
    syncId: plan.syncId,
    name,
    differences: [...plan.differences, ...plan.discovered].map(syncDifference),
    put: plan.put !== undefined,
    schemas: plan.schemaChanges.map((s) => ({ id: s.id, removed: s.enabled === false })),
    conflicts: plan.conflicts,
    discovered: plan.discovered.map((d) => d.path),
    carried: plan.carried,
  };
}

/** A difference as the protocol carries it (values absent where a side does not have the path). */
function syncDifference(d: Difference): SyncDifference {
  return {
    path: d.path,
    ...(d.file !== undefined ? { file: d.file } : {}),
    ...(d.live !== undefined ? { live: d.live } : {}),
    editedInFile: d.editedInFile,
    changedInPolytomic: d.changedInPolytomic,
    discovered: d.discovered,
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
