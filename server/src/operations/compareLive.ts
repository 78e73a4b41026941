// Diff: a linked file's body against its live sync, three ways (keep/threeWay.ts): the file, the live
// sync, and the base the link keeps (both as they were at the file's last create, apply or pull). A
// link from before bases is compared two ways, on what the file sets, until its next apply or pull.
// The language server's state of a linked document, `polysync diff`, `apply` and Update all ask here.
import { bodyLeaves, type Leaves, liveLeaves } from '../keep/leaves';
import { compareThreeWay, type Difference } from '../keep/threeWay';
import type { SyncLink } from './link';
import { readLiveForComparison, type SchemaReads } from './liveRead';
import type { LiveSync } from './pull';
import type { CallOptions, SyncApi } from './syncApi';

export type { Difference };

export interface Comparison {
  live: LiveSync;
  /** Empty when there is no body to compare (a file that cannot become one). Discovered ones included. */
  differences: Difference[];
  /** Who last changed the sync (its updated_by) and when, for "changed in Polytomic by NAME at TIME". */
  changedBy?: string;
  changedAt?: string;
  /** The link has no base (written before bases were kept): compared two ways. */
  twoWay: boolean;
  /**
   * Compared two ways and the sync's updated_at moved since the link: something was changed in
   * Polytomic, and which of the differences it touched cannot be told.
   */
  changedUnnamed: boolean;
  /**
   * Schemas whose fields and filters were taken from the link's base instead of read (the sync's
   * updated_at is the link's and their list items agree with it), and the link's updated_at.
   */
  notRead?: { schemas: string[]; since: string };
}

/** The comparison of a body with a live sync already read. */
export function compareBody(body: Record<string, unknown> | undefined, live: LiveSync, link: SyncLink, leaves: Leaves = liveLeaves(live)): Comparison {
  const differences = body
    ? compareThreeWay({
        file: bodyLeaves(body),
        live: leaves,
        base: link.base,
        ignore: link.ignore,
        discovery: { objects: live.sync.automatically_add_new_objects, fields: live.sync.automatically_add_new_fields },
      })
    : [];
  // A schema selected on one side only is one difference: its fields and settings go with it.
  const wholeSchemas = new Set(differences.filter((d) => /^schemas\[.*\]$/.test(d.path) && (d.file === undefined || d.live === undefined)).map((d) => d.path));
  const shown = differences.filter((d) => !wholeSchemas.has(d.path.replace(/^(schemas\[.*?\])\..*$/, '$1')) || /^schemas\[.*\]$/.test(d.path));
  const changedAt = live.sync.updated_at;
  const moved = link.updated_at !== undefined && changedAt !== undefined && Date.parse(link.updated_at) !== Date.parse(changedAt);
  return {
    live,
    differences: shown,
    changedBy: live.sync.updated_by?.name ?? live.sync.updated_by?.id,
    changedAt,
    twoWay: link.base === undefined,
    changedUnnamed: link.base === undefined && moved,
  };
}

/**
 * Reads the live sync of `link` and compares `body` (when there is one) with it. API errors are thrown.
 * `schemaReads: 'changed'` reads only the schemas the link cannot vouch for (liveRead.ts); the
 * comparison's `notRead` names the others. The default reads every schema.
 */
export async function compareWithLive(api: Pick<SyncApi, 'getBulkSync' | 'listBulkSyncSchemas' | 'getBulkSyncSchema'>, link: SyncLink, body: Record<string, unknown> | undefined, options: CallOptions & { schemaReads?: SchemaReads } = {}): Promise<Comparison> {
  const read = await readLiveForComparison(api, link, options);
  const comparison = compareBody(body, read.live, link, read.leaves);
  return read.notRead ? { ...comparison, notRead: read.notRead } : comparison;
}
