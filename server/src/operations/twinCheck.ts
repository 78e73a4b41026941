// The twin check before a create: the live syncs that already are the file's (the same name, source
// and destination; keep/twins.ts). The CLI's create and apply and the language server's Create ask
// here before they send anything; a run over many files lists the account's syncs once.
import type { BulkSyncResponse } from '../api/types';
import { existingTwins } from '../keep/twins';
import type { CallOptions, SyncApi } from './syncApi';

/** Answers the twins of a create body; the first call lists the live syncs, later calls reuse the list. */
export type TwinFinder = (body: Record<string, unknown>) => Promise<BulkSyncResponse[]>;

/** A finder over one listing of the account's syncs. API errors are thrown (to every caller alike). */
export function twinFinder(api: Pick<SyncApi, 'listBulkSyncs'>, options: CallOptions = {}): TwinFinder {
  let listing: Promise<BulkSyncResponse[]> | undefined;
  return async (body) => {
    listing ??= api.listBulkSyncs(options);
    return existingTwins(body, await listing);
  };
}

/** The twins of one create body (one listing). */
export function findTwins(api: Pick<SyncApi, 'listBulkSyncs'>, body: Record<string, unknown>, options: CallOptions = {}): Promise<BulkSyncResponse[]> {
  return twinFinder(api, options)(body);
}
