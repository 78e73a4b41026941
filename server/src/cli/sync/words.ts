// How the sync commands word what the operations answer: a value in a difference line, a status line.
import type { StatusSummary } from '../../operations';

/**
 * A value of a difference for one line of a text report. With its field path: a schema's selection
 * reads "selected"/"not selected", its fields "every field" or the selected ones in brackets.
 */
export function showValue(value: unknown, path = ''): string {
  if (/^schemas\[.*\]$/.test(path)) return value === undefined ? 'not selected' : 'selected';
  if (value === undefined) return '(not set)';
  if (/^schemas\[.*\]\.fields$/.test(path)) {
    if (value === 'all') return 'every field';
    if (Array.isArray(value)) return `[${value.map((f) => (Array.isArray(f) ? `${String(f[0])}${f[1] === 'obfuscated' ? ' (obfuscated)' : ''}` : String(f))).join(', ')}]`;
  }
  return JSON.stringify(value);
}

/** One line: status, when, records, errors, next run. */
export function describeStatus(summary: StatusSummary): string {
  const e = summary.execution;
  const parts: string[] = [];
  if (!e) parts.push('never run');
  else {
    const when = summary.running ? `started ${e.started_at ?? e.created_at ?? 'at an unknown time'}` : `${e.completed_at ? `ended ${e.completed_at}` : `started ${e.started_at ?? e.created_at ?? 'at an unknown time'}`}`;
    parts.push(`${summary.running ? 'running' : `last run ${e.status}`} (${when})`);
    parts.push(`${e.record_count ?? 0} records`);
    parts.push(`${e.error_count ?? 0} errors`);
    if (e.status_message) parts.push(e.status_message);
  }
  parts.push(summary.nextRun ? `next run ${summary.nextRun}` : 'no scheduled run');
  return parts.join(', ');
}
