// `polysync run FILE [--wait]` and `polysync status FILE...`: start an execution of a linked sync and
// follow it; show the current or last execution and the next run.
import type { BulkSyncExecution } from '../../api/types';
import { describeStatus, FINAL_STATUSES, startRun, summarizeStatus, waitForExecution } from '../../operations';
import { resolveFileArguments } from '../files';
import { type CliIO, parseOptions, UsageError } from '../io';
import { CONNECTION_HELP, CONNECTION_OPTIONS, concurrencyOf, describeSyncError, eachLimited, loadFile, openSession, progress } from './common';

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

/** The linked sync of a file, or a message and exit status. */
function linkedSync(io: CliIO, file: string): { syncId: string } | { error: string } {
  const loaded = loadFile(io, file);
  if ('error' in loaded) return { error: loaded.error };
  if (loaded.link.linked === false) return { error: `${file} is not linked to a bulk sync (no "polysync" key); create or pull it first` };
  if (loaded.link.linked === 'invalid') {
    const at = loaded.link.range.start;
    return { error: `${file}:${at.line + 1}:${at.character + 1}: ${loaded.link.message}` };
  }
  return { syncId: loaded.link.link.sync_id };
}

export async function runRun(args: string[], rawIO: CliIO): Promise<number> {
  const { options, positionals } = parseOptions(args, { ...CONNECTION_OPTIONS, wait: { type: 'boolean' }, interval: { type: 'string' } });
  if (options.help) {
    rawIO.stdout(RUN_USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'name the linked file to run' : `run takes one file (got ${positionals.length})`);
  const interval = options.interval === undefined ? 2 : Number(options.interval);
  if (!Number.isFinite(interval) || interval <= 0 || interval > 3600) throw new UsageError(`--interval must be a number of seconds from 0 to 3600 (got ${String(options.interval)})`);
  const session = openSession(rawIO, options, concurrencyOf(options));
  if ('error' in session) {
    rawIO.stderr(`polysync run: ${session.error}\n`);
    return 2;
  }
  const { io, api } = session;
  const file = positionals[0];
  const target = linkedSync(io, file);
  if ('error' in target) {
    io.stderr(`polysync run: ${target.error}\n`);
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
  const { options, positionals } = parseOptions(args, { ...CONNECTION_OPTIONS, format: { type: 'string' } });
  if (options.help) {
    rawIO.stdout(STATUS_USAGE);
    return 0;
  }
  const format = typeof options.format === 'string' ? options.format.toLowerCase() : 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json (got ${String(options.format)})`);
  if (positionals.length === 0) throw new UsageError('name the linked files, e.g. polysync status syncs/');
  const concurrency = concurrencyOf(options);
  const { files, problems } = resolveFileArguments(positionals, { cwd: rawIO.cwd });
  const session = openSession(rawIO, options, concurrency);
  if ('error' in session) {
    rawIO.stderr(`polysync status: ${session.error}\n`);
    return 2;
  }
  const { io, api } = session;
  for (const p of problems) io.stderr(`polysync status: ${p.argument}: ${p.reason}\n`);
  const bar = progress(io, 'reading', files.length);
  const results = await eachLimited(files, concurrency, async (file) => {
    const target = linkedSync(io, file);
    if ('error' in target) return { file, code: 2 as const, error: target.error };
    try {
      const status = await api.getBulkSyncStatus(target.syncId);
      return { file, syncId: target.syncId, code: 0 as const, summary: summarizeStatus(status) };
    } catch (error) {
      return { file, syncId: target.syncId, code: 1 as const, error: `${file}: ${describeSyncError(error, target.syncId)}` };
    }
  }, (done) => bar.update(done));
  bar.end();
  if (format === 'json') io.stdout(`${JSON.stringify({ formatVersion: 1, files: results }, null, 2)}\n`);
  else {
    for (const r of results) {
      if ('summary' in r && r.summary) io.stdout(`${r.file}: ${describeStatus(r.summary)}\n`);
      else io.stderr(`polysync status: ${r.error}\n`);
    }
  }
  return Math.max(problems.length > 0 ? 2 : 0, ...results.map((r) => r.code));
}
