// `polysync run FILE [--wait [--timeout SECONDS]]` and `polysync status [FILES...] [--watch]`: start an
// execution of a linked sync (or find the one running) and follow it by its id; show the current or
// last execution and the next run.
import type { BulkSyncExecution } from '../../api/types';
import { FINAL_STATUSES, followExecution, type FollowOutcome, readStatus, startRun, type StatusSummary, type SyncApi } from '../../operations';
import { type CliIO, type ParsedOptions, UsageError } from '../io';
import { CONNECTION_HELP, describeSyncError } from './common';
import { forEachFile, formatOf, loadLinkedFile, prepareSyncCommand } from './preamble';
import { showTime } from './times';
import { describeStatus, WOULD_CREATE } from './words';

export const RUN_USAGE = `Usage: polysync run FILE [--wait [--timeout SECONDS]] [options]

Starts an execution of the bulk sync FILE is linked to (POST /api/bulk/syncs/{id}/executions) and
prints its id. When an execution is already running, none is started: with --wait that one is
followed instead (its id is printed), without --wait it is named and the exit status is 1.

Options:
  --wait                  follow the execution by its id to its end, printing each change of status
  --timeout SECONDS       with --wait, stop following after this long (exit 1; the execution goes on)
  --interval SECONDS      between two reads with --wait (default 2)
${CONNECTION_HELP}
Exit status: 0 started (with --wait: completed), 1 not started (already running, without --wait; the
API refused) or, with --wait, ended failed, canceled or with errors, or --timeout was reached, 2 bad
usage, settings, or a file that is not linked or cannot be read.
`;

export const STATUS_USAGE = `Usage: polysync status [options] [FILES, FOLDERS or GLOBS...]

For each linked file, the current or last execution of its bulk sync (status, when, records,
errors) and the next scheduled run. A file not linked yet is reported as one "polysync apply" would
create a sync from. With no argument the current folder is searched. On a terminal, times are local
with their zone (TZ is honoured); otherwise, and in JSON, they are the API's UTC times.

Options:
  --format text|json      output format (default text)
  --watch                 follow the running executions until they end, printing each change of status
  --interval SECONDS      between two reads with --watch (default 2)
${CONNECTION_HELP}
Exit status: 0 every status was read (with --watch: every followed execution completed), 1 some
sync could not be read, a file is not linked yet, or (with --watch) an execution ended failed,
canceled or with errors, 2 bad usage, settings, or a file that cannot be read or has an unusable link.
`;

/** The linked sync of a file, or a message; `unlinked` for a file with no link at all. */
function linkedSync(io: CliIO, file: string): { syncId: string } | { error: string; unlinked?: true } {
  const linked = loadLinkedFile(io, file, 'create or pull it first');
  if ('error' in linked) return linked.unlinked ? { error: linked.error, unlinked: true } : { error: linked.error };
  return { syncId: linked.link.sync_id };
}

function secondsOption(options: ParsedOptions, name: string, fallback: number | undefined, max: number): number | undefined {
  const raw = options[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (typeof raw !== 'string' || !Number.isFinite(value) || value <= 0 || value > max) throw new UsageError(`--${name} must be a number of seconds above 0, at most ${max} (got ${String(raw)})`);
  return value;
}

const intervalOf = (options: ParsedOptions): number => secondsOption(options, 'interval', 2, 3600)!;

function checkRunOptions(options: ParsedOptions): void {
  intervalOf(options);
  secondsOption(options, 'timeout', undefined, 7 * 24 * 3600);
  if (options.timeout !== undefined && options.wait !== true) throw new UsageError('--timeout is for --wait');
}

const executionLine = (e: BulkSyncExecution): string =>
  `${e.status}${e.record_count ? `, ${e.record_count} records` : ''}${e.error_count ? `, ${e.error_count} errors` : ''}`;

const summaryOf = (e: BulkSyncExecution): string => `${e.record_count ?? 0} records, ${e.error_count ?? 0} errors${e.status_message ? `: ${e.status_message}` : ''}`;

export async function runRun(args: string[], rawIO: CliIO): Promise<number> {
  const prepared = prepareSyncCommand(args, rawIO, {
    name: 'run',
    usage: RUN_USAGE,
    options: { wait: { type: 'boolean' }, interval: { type: 'string' }, timeout: { type: 'string' } },
    files: 'one',
    noFiles: 'name the linked file to run',
    checkOptions: checkRunOptions,
  });
  if (typeof prepared === 'number') return prepared;
  const { io, api, options } = prepared;
  const interval = intervalOf(options);
  const timeout = secondsOption(options, 'timeout', undefined, 7 * 24 * 3600);
  const file = prepared.files[0];
  const target = linkedSync(io, file);
  if ('error' in target) {
    prepared.say(target.error);
    return 2;
  }
  const { syncId } = target;
  let started;
  try {
    started = await startRun(api, syncId);
  } catch (error) {
    io.stderr(`polysync run: ${file}: ${describeSyncError(error, syncId)}; no execution was started.\n`);
    prepared.sayApiUrlHint(prepared.say);
    return 1;
  }
  let execution: BulkSyncExecution;
  if (started.kind === 'already-running') {
    const running = started.running;
    const which = running ? ` (execution ${running.id}, ${running.status} since ${showTime(io, running.started_at ?? running.created_at ?? '') || 'earlier'})` : '';
    if (options.wait !== true || !running) {
      const next = running ? `; "polysync run ${file} --wait" follows it` : '';
      io.stderr(`polysync run: ${file}: bulk sync ${syncId} already has an execution running${which}; no new one was started${next}. Run "polysync status ${file} --watch" to follow it.\n`);
      return 1;
    }
    execution = running;
    io.stdout(`${execution.id}\n`);
    io.stderr(`polysync run: bulk sync ${syncId} already has an execution running${which}; no new one was started: following that one.\n`);
  } else {
    execution = started.execution;
    io.stdout(`${execution.id}\n`);
    io.stderr(`polysync run: started execution ${execution.id} of bulk sync ${syncId} (${execution.status}).\n`);
    if (options.wait !== true) return 0;
  }
  const outcome = await follow(io, api, syncId, execution, { interval, timeout, prefix: 'polysync run: ' });
  if ('error' in outcome) {
    io.stderr(`polysync run: stopped following execution ${execution.id}: ${outcome.error}; it may still be running.\n`);
    return 1;
  }
  return reportEnd(io, 'polysync run: ', file, execution.id, outcome, timeout);
}

/** Follows one execution, printing each change of status; an API failure is answered as `{ error }`. */
async function follow(io: CliIO, api: SyncApi, syncId: string, execution: BulkSyncExecution, options: { interval: number; timeout?: number; prefix: string }): Promise<FollowOutcome | { error: string }> {
  let last = execution.status;
  try {
    return await followExecution(api, syncId, execution.id, {
      pollMs: options.interval * 1000,
      timeoutMs: options.timeout === undefined ? undefined : options.timeout * 1000,
      onProgress: (e) => {
        if (e.status !== last) {
          last = e.status;
          io.stderr(`${options.prefix}${executionLine(e)}\n`);
        }
      },
    });
  } catch (error) {
    return { error: describeSyncError(error, syncId) };
  }
}

/** The last line of a followed execution; 0 only for one that completed. */
function reportEnd(io: CliIO, prefix: string, file: string, executionId: string, outcome: FollowOutcome, timeout: number | undefined): number {
  if (outcome.kind === 'timeout') {
    const now = outcome.execution ? ` (${outcome.execution.status})` : '';
    io.stderr(`${prefix}stopped following execution ${executionId} after --timeout ${timeout} s; it goes on${now}. Run "polysync status ${file} --watch" to follow it again.\n`);
    return 1;
  }
  const final = outcome.execution;
  io.stderr(`${prefix}execution ${final.id} ${final.status} (${summaryOf(final)}).\n`);
  return final.status === 'completed' && FINAL_STATUSES.has(final.status) ? 0 : 1;
}

type StatusResult =
  | { file: string; syncId: string; code: 0; summary: StatusSummary }
  | { file: string; syncId?: string; code: 1 | 2; error: string }
  | { file: string; code: 1; notLinked: true };

export async function runStatus(args: string[], rawIO: CliIO): Promise<number> {
  const prepared = prepareSyncCommand(args, rawIO, {
    name: 'status',
    usage: STATUS_USAGE,
    options: { format: { type: 'string' }, watch: { type: 'boolean' }, interval: { type: 'string' } },
    files: 'many',
    noFiles: 'current-folder',
    checkOptions: (options) => {
      formatOf(options);
      intervalOf(options);
      if (options.watch === true && formatOf(options) === 'json') throw new UsageError('--watch prints text as the run goes; leave out --format json');
    },
  });
  if (typeof prepared === 'number') return prepared;
  const { io, api } = prepared;
  const format = formatOf(prepared.options);
  const time = (iso: string) => showTime(io, iso);
  const results = await forEachFile(prepared, 'reading', async (file): Promise<StatusResult> => {
    const target = linkedSync(io, file);
    if ('error' in target) return target.unlinked ? { file, code: 1, notLinked: true } : { file, code: 2, error: target.error };
    try {
      return { file, syncId: target.syncId, code: 0, summary: await readStatus(api, target.syncId) };
    } catch (error) {
      return { file, syncId: target.syncId, code: 1, error: `${file}: ${describeSyncError(error, target.syncId)}` };
    }
  });
  if (format === 'json') io.stdout(`${JSON.stringify({ formatVersion: 1, files: results }, null, 2)}\n`);
  else {
    for (const r of results) {
      if ('summary' in r) io.stdout(`${r.file}: ${describeStatus(r.summary, time)}\n`);
      else if ('notLinked' in r) io.stdout(`${r.file}: ${WOULD_CREATE}\n`);
      else io.stderr(`polysync status: ${r.error}\n`);
    }
  }
  prepared.sayApiUrlHint(prepared.say);
  let code = Math.max(prepared.badArguments ? 2 : 0, ...results.map((r) => r.code));
  if (prepared.options.watch === true) code = Math.max(code, await watch(prepared.io, api, results, intervalOf(prepared.options)));
  return code;
}

/** `status --watch`: follows every running execution to its end; 1 when one did not complete. */
async function watch(io: CliIO, api: SyncApi, results: StatusResult[], interval: number): Promise<number> {
  const running = results.filter((r): r is Extract<StatusResult, { code: 0 }> => 'summary' in r && r.summary.running && r.summary.execution !== undefined);
  if (running.length === 0) {
    io.stderr('polysync status: no execution is running; nothing to watch.\n');
    return 0;
  }
  const codes = await Promise.all(
    running.map(async (r) => {
      const execution = r.summary.execution!;
      const prefix = `${r.file}: `;
      const outcome = await follow(io, api, r.syncId, execution, { interval, prefix });
      if ('error' in outcome) {
        io.stderr(`polysync status: ${r.file}: stopped following execution ${execution.id}: ${outcome.error}; it may still be running.\n`);
        return 1;
      }
      const code = reportEnd(io, prefix, r.file, execution.id, outcome, undefined);
      try {
        io.stdout(`${r.file}: ${describeStatus(await readStatus(api, r.syncId), (iso) => showTime(io, iso))}\n`);
      } catch {
        // The end was reported above; the next run is only a courtesy.
      }
      return code;
    }),
  );
  return Math.max(0, ...codes);
}
