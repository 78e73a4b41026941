// Run and status of a linked sync: start an execution (a clear answer when one is already running),
// follow it to its end, and read the current or last execution with the next scheduled run.
import { ApiError } from '../api/errors';
import type { BulkSyncExecution, BulkSyncStatus } from '../api/types';
import type { CallOptions, SyncApi } from './syncApi';

export const FINAL_STATUSES: ReadonlySet<string> = new Set(['completed', 'failed', 'canceled', 'errors', 'interrupted']);

export type StartOutcome =
  | { kind: 'started'; execution: BulkSyncExecution }
  /** 409: an execution is already running; its id when the status says which. */
  | { kind: 'already-running'; running?: BulkSyncExecution; message: string };

export async function startRun(api: Pick<SyncApi, 'startBulkSyncExecution' | 'getBulkSyncStatus'>, syncId: string, options: CallOptions = {}): Promise<StartOutcome> {
  try {
    return { kind: 'started', execution: await api.startBulkSyncExecution(syncId, {}, options) };
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 409) throw error;
    const status = await api.getBulkSyncStatus(syncId, options).catch(() => undefined);
    const running = status?.current_execution ?? undefined;
    return { kind: 'already-running', running, message: error.apiMessage ?? error.message };
  }
}

export interface WaitOptions extends CallOptions {
  /** Between two status reads; default 2 s. */
  pollMs?: number;
  onProgress?: (execution: BulkSyncExecution) => void;
  sleep?: (ms: number) => Promise<void>;
}

/** Follows an execution until it reaches a final status; answers the final execution. */
export async function waitForExecution(api: Pick<SyncApi, 'getBulkSyncStatus'>, syncId: string, executionId: string, options: WaitOptions = {}): Promise<BulkSyncExecution> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (;;) {
    const status = await api.getBulkSyncStatus(syncId, options);
    const seen = [status.current_execution, status.last_execution].find((e) => e?.id === executionId);
    if (seen) {
      options.onProgress?.(seen);
      if (FINAL_STATUSES.has(seen.status)) return seen;
    }
    await sleep(options.pollMs ?? 2000);
  }
}

export interface StatusSummary {
  /** The running execution, else the last one. */
  execution?: BulkSyncExecution;
  running: boolean;
  nextRun?: string | null;
}

export function summarizeStatus(status: BulkSyncStatus): StatusSummary {
  const current = status.current_execution ?? undefined;
  return { execution: current ?? status.last_execution ?? undefined, running: current !== undefined, nextRun: status.next_execution_time };
}

/** The current or last execution of a sync and its next run. */
export async function readStatus(api: Pick<SyncApi, 'getBulkSyncStatus'>, syncId: string, options: CallOptions = {}): Promise<StatusSummary> {
  return summarizeStatus(await api.getBulkSyncStatus(syncId, options));
}
