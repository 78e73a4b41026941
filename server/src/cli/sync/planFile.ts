// The plan `apply` would run for one file, worked out without changing anything: the requests it
// would send (create, PUT, PATCH), the differences behind them, and what would stop it (a change made
// in Polytomic it would overwrite, a live sync the file would duplicate, errors in the file).
// `polysync plan` prints it; `polysync diff` and `status` share the words for an unlinked file.
import { checkForCreate, checkForUpdate, type CreateConfig, planUpdate, type TwinFinder } from '../../operations';
import type { CliIO } from '../io';
import { formatText } from '../report';
import { describeSyncError, type LoadedFile } from './common';
import { twinRefusal } from './createGuard';
import { showTime } from './times';

export type PlanStep =
  | { method: 'POST'; path: string; action: 'create'; name?: string }
  /** `fields`: the setting paths it changes; `carried`: the live values it sends back unchanged (what the file leaves to the app). */
  | { method: 'PUT'; path: string; action: 'settings'; fields: string[]; carried: string[] }
  | { method: 'PATCH'; path: string; action: 'schemas'; schemas: { id: string; enabled: boolean }[] };

export interface PlannedDifference {
  path: string;
  file: unknown;
  live: unknown;
  /** The file changed it since the link's base. */
  editedInFile: boolean;
  /** Someone changed it in Polytomic since the link's base. */
  changedInPolytomic: boolean;
}

export interface FilePlan {
  file: string;
  syncId?: string;
  /**
   * `same`: nothing to send; `update`: the steps would be sent; `create`: a new sync would be made;
   * `conflict`: apply would stop on changes made in Polytomic (unless --force); `blocked`: apply would
   * create nothing (a live twin, --no-create, two files of one sync); `error`: could not plan.
   */
  status: 'same' | 'update' | 'create' | 'conflict' | 'blocked' | 'error';
  steps: PlanStep[];
  differences: PlannedDifference[];
  /** Fields changed in Polytomic since the link that the plan would overwrite. */
  conflicts: string[];
  /** Schemas and fields the sync's automatic discovery added: information, left as they are. */
  discovered?: string[];
  /** An old link without a base whose sync changed since: the changes cannot be named. */
  changedUnnamed?: boolean;
  /** The last change of the live sync, for conflicts. */
  lastChange?: { at?: string; by?: string };
  /** The live syncs a create would duplicate. */
  twins?: string[];
  /** Why the file is blocked or could not be planned. */
  message?: string;
  /** Schemas whose fields and filters were taken from the link's base, not read, and the link's updated_at. */
  schemasNotRead?: { since: string; schemas: string[] };
  /** The create body, for a file that would create a sync (not in the JSON report). */
  body?: Record<string, unknown>;
}

export interface PlanOptions {
  force: boolean;
  /** `changed`: skip the schema reads the link makes needless (the plan is shown, never applied). */
  schemaReads: 'all' | 'changed';
  noCreate: boolean;
  twinsOf: TwinFinder;
  /** polysync.config.json for the file, as apply reads it: a rule it raises to "error" stops the file. */
  configOf?: (file: string) => CreateConfig;
}

const syncPath = (id: string) => `/api/bulk/syncs/${encodeURIComponent(id)}`;

/** The plan for a file that is not linked: create (after the checks and the twin check), or why not. */
export async function planCreate(io: CliIO, loaded: LoadedFile, options: PlanOptions): Promise<FilePlan> {
  const { file } = loaded;
  const none = { steps: [], differences: [], conflicts: [] };
  if (options.noCreate) return { file, status: 'blocked', ...none, message: `${file} is not linked to a bulk sync, and --no-create creates none. Link it to its sync with "polysync link ${file} SYNC_ID".` };
  const check = checkForCreate(loaded.doc, undefined, options.configOf?.(file));
  if (!check.ok) return { file, status: 'error', ...none, message: documentProblem(io, file, check) };
  const twin = await twinRefusal(file, check.body, options.twinsOf, (iso) => showTime(io, iso));
  if (twin) return { file, status: twin.twins ? 'blocked' : 'error', ...none, message: twin.message, ...(twin.twins ? { twins: twin.twins } : {}) };
  return { file, status: 'create', ...none, steps: [{ method: 'POST', path: '/api/bulk/syncs', action: 'create', ...(check.name ? { name: check.name } : {}) }], body: check.body };
}

/** The plan for one file: what apply would send for it, or why it would not. */
export async function planFile(io: CliIO, api: Parameters<typeof planUpdate>[0], loaded: LoadedFile, options: PlanOptions): Promise<FilePlan> {
  const { file } = loaded;
  const check = checkForUpdate(loaded.doc, undefined, options.configOf?.(file));
  if (!check.ok && check.reason === 'unlinked') return planCreate(io, loaded, options);
  const none = { steps: [], differences: [], conflicts: [] };
  if (!check.ok) return { file, status: 'error', ...none, message: check.reason === 'link' ? `${file}:${check.range.start.line + 1}:${check.range.start.character + 1}: ${check.message}` : documentProblem(io, file, check) };
  const syncId = check.link.sync_id;
  let decision;
  try {
    decision = await planUpdate(api, check.body, check.link, { force: options.force, schemaReads: options.schemaReads });
  } catch (error) {
    return { file, syncId, status: 'error', ...none, message: `${file}: ${describeSyncError(error, syncId)}` };
  }
  const { plan } = decision;
  const notRead = plan.notRead ? { schemasNotRead: { since: plan.notRead.since, schemas: plan.notRead.schemas } } : {};
  const differences = plan.differences.map((d) => ({ path: d.path, file: d.file, live: d.live, editedInFile: d.editedInFile, changedInPolytomic: d.changedInPolytomic }));
  if (decision.kind === 'up-to-date') return { file, syncId, status: 'same', ...none, ...notRead };
  const steps: PlanStep[] = [];
  if (plan.put) steps.push({ method: 'PUT', path: syncPath(syncId), action: 'settings', fields: differences.map((d) => d.path).filter((p) => !p.startsWith('schemas[')), carried: plan.carried });
  if (plan.schemaChanges.length > 0) steps.push({ method: 'PATCH', path: `${syncPath(syncId)}/schemas`, action: 'schemas', schemas: plan.schemaChanges.map((s) => ({ id: s.id, enabled: s.enabled !== false })) });
  const lastChange = { at: plan.changedAt, by: plan.changedBy };
  const discovered = plan.discovered.map((d) => d.path);
  return {
    file,
    syncId,
    status: decision.kind === 'conflict' ? 'conflict' : 'update',
    steps,
    differences,
    conflicts: plan.conflicts,
    lastChange,
    ...(discovered.length > 0 ? { discovered } : {}),
    ...(plan.changedUnnamed ? { changedUnnamed: true } : {}),
    ...notRead,
  };
}

/** A file that cannot be sent: its diagnostics printed, and one line saying so. */
function documentProblem(io: CliIO, file: string, check: { reason: 'document'; errors: unknown[]; warnings: unknown[] } | { reason: 'body'; message: string; range?: { start: { line: number; character: number } } }): string {
  if (check.reason === 'body') return `${check.range ? `${file}:${check.range.start.line + 1}:${check.range.start.character + 1}` : file}: ${check.message}`;
  io.stderr(formatText([{ file, diagnostics: [...check.errors, ...check.warnings] as Parameters<typeof formatText>[0][number]['diagnostics'] }]));
  return `${file} has ${check.errors.length} error${check.errors.length === 1 ? '' : 's'}; apply would not send it.`;
}
