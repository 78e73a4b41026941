// A linked sync in words: its differences, an update's plan, and the state lens's title. Plain text only.
import type { SyncDifference, UpdatePlan } from '../../../protocol/messages';
import type { LinkedState } from './states';

function describeValue(value: unknown): string {
  return value === undefined ? '(not set)' : JSON.stringify(value);
}

export function describeDifferences(differences: SyncDifference[]): string {
  return differences.map((d) => `${d.path}: ${describeValue(d.live)} → ${describeValue(d.file)}`).join('\n');
}

export function describePlan(plan: UpdatePlan): string {
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

/**
 * A time as the lens shows it: local time with its zone's abbreviation (e.g. "Dec 7, 14:05 UTC",
 * "Dec 7, 9:05 AM EST"), so a time read on a remote machine or beside Polytomic's own pages is not
 * ambiguous. Short enough that the state lens and its four actions fit on one line of an editor: the year
 * only when it is not this one. `timeZone` is for tests; the editor uses the machine's.
 */
export function when(iso: string | undefined, timeZone?: string): string | undefined {
  if (!iso) return undefined;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const zone = timeZone ? { timeZone } : {};
  const year = (d: Date) => new Intl.DateTimeFormat('en-US', { ...zone, year: 'numeric' }).format(d);
  const thisYear = year(date) === year(new Date());
  return date.toLocaleString(undefined, { ...zone, ...(thisYear ? {} : { year: 'numeric' }), month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });
}

/** Who last changed the sync and when, e.g. "by Ana Ruiz, Dec 7, 14:05 UTC"; '' when neither is known. */
export function changedByText(by: string | undefined, at: string | undefined, timeZone?: string): string {
  const time = when(at, timeZone);
  if (by && time) return ` by ${by}, ${time}`;
  if (by) return ` by ${by}`;
  return time ? `, ${time}` : '';
}

/**
 * "changed in Polytomic" with the fields when there are few and who and when, e.g. "name changed in
 * Polytomic by Ana Ruiz, Dec 7, 14:05 UTC"; undefined when nothing was.
 */
export function changedInPolytomicText(state: LinkedState, timeZone?: string): string | undefined {
  const paths = state.changedInPolytomic;
  if (paths.length === 0 && !state.changedUnnamed) return undefined;
  const what = paths.length === 0 ? '' : paths.length <= 2 ? `${paths.join(', ')} ` : `${paths.length} fields `;
  return `${what}changed in Polytomic${changedByText(state.changedBy, state.changedAt, timeZone)}`;
}

/** The fields the API did not take, for a warning after Create or Update. */
export function notTakenText(fields: readonly string[]): string {
  const named = fields.length > 6 ? `${fields.slice(0, 6).join(', ')} and ${fields.length - 6} more` : fields.join(', ');
  return `Polytomic did not take ${fields.length === 1 ? 'this field' : 'these fields'} from the file: ${named}. The sync keeps its own ${fields.length === 1 ? 'value' : 'values'} there; Show Changes shows ${fields.length === 1 ? 'it' : 'them'}.`;
}

/** The state lens's title: last run and its status, next run, and "changed in Polytomic by NAME, TIME" on drift. */
export function stateTitle(state: LinkedState, timeZone?: string): string {
  const parts: string[] = [];
  const execution = state.execution;
  if (state.running) parts.push(`$(sync~spin) running${execution?.startedAt ? ` since ${when(execution.startedAt, timeZone)}` : ''}`);
  else if (execution) parts.push(`Last run ${execution.status}${execution.completedAt || execution.startedAt ? ` ${when(execution.completedAt ?? execution.startedAt, timeZone)}` : ''}`);
  else parts.push('Never run');
  if (state.nextRun) parts.push(`next ${when(state.nextRun, timeZone)}`);
  if (state.changedInPolytomic.length > 0 || state.changedUnnamed) parts.push(`$(warning) changed in Polytomic${changedByText(state.changedBy, state.changedAt, timeZone)}`);
  else if (state.differences.length > 0) parts.push(`${state.differences.length} local change${state.differences.length === 1 ? '' : 's'}`);
  return parts.join(' · ');
}
