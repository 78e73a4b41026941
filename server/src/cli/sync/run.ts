// `polysync run FILE [--wait]` and `polysync status FILE...`: start an execution of a linked sync and
// follow it; show the current or last execution and the next run.
import type { BulkSyncExecution } from '../../api/types';
import { FINAL_STATUSES, readStatus, startRun, waitForExecution } from '../../operations';
import { type CliIO, type ParsedOptions, UsageError } from '../io';
import { CONNECTION_HELP, describeSyncError } from './common';
import { forEachFile, formatOf, loadLinkedFile, prepareSyncCommand } from './preamble';
import { describeStatus } from './words';

export const RUN_USAGE = `Usage: polysync run FILE [--wait] [options]

Starts an execution of the bulk sync FILE is linked to (POST /api/bulk/syncs/{id}/executions) and
prints its id. When an execution is already running, says so and starts nothing.

Options:
  --wait                  follow the execution to its end, printing each change of status
  --interval SECONDS      between two status reads with --wait (default 2)
${CONNECTION_HELP}
Exit status: 0 started (with --wait: completed), 1 not started (already running, the API refused)
or, with --wait, ended failed, canceled or with errors, 2 bad usage, settings, or a file that is not
linked or cannot be read.
`;

export const STATUS_USAGE = `Usage: polysync status [options] FILES, FOLDERS or GLOBS...

For each linked file, the current or last execution of its bulk sync (status, when, records,
errors) and the next scheduled run.

Options:
  --format text|json      output format (default text)
${CONNECTION_HELP}
Exit status: 0 every status was read, 1 some sync could not be read, 2 bad usage, settings, or a
file that is not linked or cannot be read.
`;

/** The linked sync of a file, or a message. */
function linkedSync(io: CliIO, file: string): { syncId: string } | { error: string } {
  const linked = loadLinkedFile(io, file, 'create or pull it first');
  return 'error' in linked ? { error: linked.error } : { syncId: linked.link.sync_id };
}

function intervalOf(options: ParsedOptions): number {
  const interval = options.interval === undefined ? 2 : Number(options.interval);
  if (!Number.isFinite(interval) || interval <= 0 || interval > 3600) throw new UsageError(`--interval must be a number of seconds from 0 to 3600 (got ${String(options.interval)})`);
  return interval;
}

export async function runRun(args: string[], rawIO: CliIO): Promise<number> {
  const prepared = prepareSyncCommand(args, rawIO, {
    name: 'run',
    usage: RUN_USAGE,
    options: { wait: { type: 'boolean' }, interval: { type: 'string' } },
    files: 'one',
    noFiles: 'name the linked file to run',
    checkOptions: intervalOf,
  });
  if (typeof prepared === 'number') return prepared;
  const { io, api, options } = prepared;
  const interval = intervalOf(options);
  const file = prepared.files[0];
  const target = linkedSync(io, file);
  if ('error' in target) {
    prepared.say(target.error);
    return 2;
  }
  let started;
  try {
    started = await startRun(api, target.syncId);
  } catch (error) {
    io.stderr(`polysync run: ${file}: ${describeSyncError(error, target.syncId)}; no execution was started.\n`);
    return 1;
  }
  if (started.kind === 'already-running') {
    const which = started.running ? ` (execution ${started.running.id}, ${started.running.status} since ${started.running.started_at ?? started.running.created_at ?? 'earlier'})` : '';
    io.stderr(`polysync run: ${file}: bulk sync ${target.syncId} already has an execution running${which}; no new one was started. Run "polysync status ${file}" to follow it.\n`);
    return 1;
  }
  const execution = started.execution;
  io.stdout(`${execution.id}\n`);
  io.stderr(`polysync run: started execution ${execution.id} of bulk sync ${target.syncId} (${execution.status}).\n`);
  if (options.wait !== true) return 0;
  let last = execution.status;
  let final: BulkSyncExecution;
  try {
    final = await waitForExecution(api, target.syncId, execution.id, {
      pollMs: interval * 1000,
      onProgress: (e) => {
        if (e.status !== last) {
          last = e.status;
          io.stderr(`polysync run: ${e.status}${e.record_count ? `, ${e.record_count} records` : ''}\n`);
        }
      },
    });
  } catch (error) {
    io.stderr(`polysync run: stopped following execution ${execution.id}: ${describeSyncError(error, target.syncId)}; it may still be running.\n`);
    return 1;
  }
  const summary = `${final.record_count ?? 0} records, ${final.error_count ?? 0} errors${final.status_message ? `: ${final.status_message}` : ''}`;
  io.stderr(`polysync run: execution ${final.id} ${final.status} (${summary}).\n`);
  return final.status === 'completed' && FINAL_STATUSES.has(final.status) ? 0 : 1;
}

export async function runStatus(args: string[], rawIO: CliIO): Promise<number> {
  const prepared = prepareSyncCommand(args, rawIO, {
    name: 'status',
    usage: STATUS_USAGE,
    options: { format: { type: 'string' } },
    files: 'many',
    noFiles: 'name the linked files, e.g. polysync status syncs/',
    checkOptions: formatOf,
  });
  if (typeof prepared === 'number') return prepared;
  const { io, api } = prepared;
  const format = formatOf(prepared.options);
  const results = await forEachFile(prepared, 'reading', async (file) => {
    const target = linkedSync(io, file);
    if ('error' in target) return { file, code: 2 as const, error: target.error };
    try {
      return { file, syncId: target.syncId, code: 0 as const, summary: await readStatus(api, target.syncId) };
    } catch (error) {
      return { file, syncId: target.syncId, code: 1 as const, error: `${file}: ${describeSyncError(error, target.syncId)}` };
    }
  });
  if (format === 'json') io.stdout(`${JSON.stringify({ formatVersion: 1, files: results }, null, 2)}\n`);
  else {
    for (const r of results) {
      if ('summary' in r && r.summary) io.stdout(`${r.file}: ${describeStatus(r.summary)}\n`);
      else io.stderr(`polysync status: ${r.error}\n`);
    }
  }
  return Math.max(prepared.badArguments ? 2 : 0, ...results.map((r) => r.code));
}
