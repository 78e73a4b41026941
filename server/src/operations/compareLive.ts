// Diff: a linked file's body against its live sync, with what changed in Polytomic since the link was
// written. The language server's state of a linked document and `polysync diff` both ask here.
import { driftOf, type Drift, ownerOf } from './apply';
import { type Difference, diffBodyWithLive } from './compare';
import type { SyncLink } from './link';
import { readLiveSync } from './pull';
import type { CallOptions, SyncApi } from './syncApi';
import type { LiveSync } from './syncModel';

export interface Comparison {
  live: LiveSync;
  /** Empty when there is no body to compare (a file that cannot become one). */
  differences: Difference[];
  drift: Drift;
}

/** Reads the live sync of `link` and compares `body` (when there is one) with it. API errors are thrown. */
export async function compareWithLive(api: Pick<SyncApi, 'getBulkSync' | 'listBulkSyncSchemas' | 'getBulkSyncSchema'>, link: SyncLink, body: Record<string, unknown> | undefined, options: CallOptions = {}): Promise<Comparison> {
  const live = await readLiveSync(api, link.sync_id, options);
  const differences = body ? diffBodyWithLive(body, live) : [];
  return { live, differences, drift: driftOf(link, live, new Set(differences.map((d) => ownerOf(d.path)))) };
}
