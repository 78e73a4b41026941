// Following one execution by its id until it ends or a time limit is reached (the execution goes on
// either way: following is only reading). `run --wait` follows the execution it started or the one it
// found running; `status --watch` the current one.
import { ApiError } from '../api/errors';
import type { BulkSyncExecution } from '../api/types';
import { FINAL_STATUSES } from './execution';
import type { CallOptions, SyncApi } from './syncApi';

export interface FollowOptions extends CallOptions {
  /** Between two reads; default 2 s. */
  pollMs?: number;
  /** Stop following after this long; none by default. */
  timeoutMs?: number;
  onProgress?: (execution: BulkSyncExecution) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export type FollowOutcome =
  | { kind: 'ended'; execution: BulkSyncExecution }
  /** The time limit was reached; `execution` as last read (it goes on). */
  | { kind: 'timeout'; execution?: BulkSyncExecution };

/** One read of the execution: by its id, or from the sync's status when the API has no such route. */
async function readExecution(api: Pick<SyncApi, 'getBulkSyncExecution' | 'getBulkSyncStatus'>, syncId: string, executionId: string, options: CallOptions): Promise<BulkSyncExecution | undefined> {
  try {
    return await api.getBulkSyncExecution(syncId, executionId, options);
  } catch (error) {
    if (!(error instanceof ApiError) || (error.status !== 404 && error.status !== 405)) throw error;
    // Without the route (or the execution), the status still names the current and the last one;
    // a sync that is gone answers 404 here too, and that is thrown.
    const status = await api.getBulkSyncStatus(syncId, options);
    return [status.current_execution, status.last_execution].find((e) => e?.id === executionId) ?? undefined;
  }
}

export async function followExecution(api: Pick<SyncApi, 'getBulkSyncExecution' | 'getBulkSyncStatus'>, syncId: string, executionId: string, options: FollowOptions = {}): Promise<FollowOutcome> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const deadline = options.timeoutMs === undefined ? Infinity : now() + options.timeoutMs;
  const pollMs = options.pollMs ?? 2000;
  let last: BulkSyncExecution | undefined;
  for (;;) {
    const seen = await readExecution(api, syncId, executionId, options);
    if (seen) {
      last = seen;
      options.onProgress?.(seen);
      if (FINAL_STATUSES.has(seen.status)) return { kind: 'ended', execution: seen };
    }
    const left = deadline - now();
    if (left <= 0) return { kind: 'timeout', execution: last };
    await sleep(Math.min(pollMs, left));
  }
}
