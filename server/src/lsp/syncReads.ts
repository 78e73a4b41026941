// The language server's reads of live syncs, between its requests and the API: a read already on its
// way is shared by every request that needs the same thing at the same time (the lens of a linked
// document, Show Changes, a second editor on the file), and a sync's schemas (one request each, the
// bulk of a state read) are read only when something says they changed. What says so: the sync's
// `updated_at` (read on every state read) moved, or its schema list (also read every time; it carries
// each schema's selection, tracking field and output names but not fields or filters) changed for that
// schema. Until then a schema is what this server read of it, or, before it read it at all, what the
// document's link recorded at its last apply or pull (operations/liveRead.ts): the first state read of
// an unchanged sync reads no schema. Whether a schema change moves the sync's `updated_at` is not
// documented (api/inferred.ts); so every FULL_SCHEMA_READ_EVERY_MS from a sync's first state read every
// schema is read again, and a change made in Polytomic is seen within that time even if the assumption
// is wrong. Writes through this object forget the sync's reads.
import { ApiError } from '../api/errors';
import { FULL_SCHEMA_READ_EVERY_MS, INFERRED_SCHEMA_CHANGES_MOVE_SYNC_UPDATED_AT } from '../api/inferred';
import type { BulkSchema, BulkSchemaListItem } from '../api/types';
import type { SchemaReads } from '../operations/liveRead';
import type { CallOptions, SyncApi } from '../operations/syncApi';

export interface SyncReadPolicy {
  /** Keep schema reads while the sync's `updated_at` and schema list are unchanged. */
  keepSchemas: boolean;
  /** A kept schema read is used at most this long after it was made. */
  fullReadEveryMs: number;
  /** Let the document's link vouch for schemas not read yet (off: every state read asks for every schema, kept or read). */
  useLink?: boolean;
  now(): number;
}

/** The policy in force: the inference and period of api/inferred.ts; the period may be shortened by the environment (benchmark). */
export function syncReadPolicy(fullReadEveryMs = fullReadFromEnvironment()): SyncReadPolicy {
  // POLYSYNC_LENS_USE_LINK=0 reads as before the link was used (the benchmark's "before").
  const useLink = typeof process === 'undefined' || process.env.POLYSYNC_LENS_USE_LINK !== '0';
  return { keepSchemas: INFERRED_SCHEMA_CHANGES_MOVE_SYNC_UPDATED_AT, fullReadEveryMs, useLink, now: Date.now };
}

function fullReadFromEnvironment(): number {
  const given = typeof process === 'undefined' ? undefined : Number(process.env.POLYSYNC_FULL_SCHEMA_READ_MS);
  return given !== undefined && Number.isFinite(given) && given >= 0 ? given : FULL_SCHEMA_READ_EVERY_MS;
}

interface KeptSchema {
  value: BulkSchema;
  /** The sync's `updated_at` known when the read was sent. */
  stamp: string;
  /** When the read was sent. */
  at: number;
}

interface SyncEntry {
  /** The sync's `updated_at` in its latest read. */
  stamp?: string;
  /** Each schema's list item (as JSON) in the latest list read. */
  listed?: Map<string, string>;
  schemas: Map<string, KeptSchema>;
  /** When the current full-read period began: the first state read, then each full read. */
  periodFrom?: number;
  /** Kept reads sent before this are not used: a full read is under way or done since. */
  freshFrom?: number;
}

interface InFlight {
  promise: Promise<unknown>;
  controller: AbortController;
  waiting: number;
}

export class SyncReads {
  private readonly entries = new Map<string, SyncEntry>();
  private readonly inFlight = new Map<string, InFlight>();
  private account: string | undefined;

  constructor(private readonly policy: SyncReadPolicy = syncReadPolicy()) {}

  /**
   * `api` with its reads shared and its schema reads kept. `account` names whose API it is (another
   * key or URL forgets everything kept: what one account sees says nothing about another's).
   */
  over(api: SyncApi, account: string): SyncApi {
    if (account !== this.account) {
      this.account = account;
      this.entries.clear();
    }
    const forgetAround = <R>(id: string, write: () => Promise<R>): Promise<R> => {
      this.forget(id);
      return write().finally(() => this.forget(id));
    };
    return {
      getBulkSync: (id, o) =>
        this.shared(`${account}\0sync\0${id}`, o, async (signal) => {
          const sync = await api.getBulkSync(id, { signal });
          this.noteStamp(id, typeof sync.updated_at === 'string' ? sync.updated_at : undefined);
          return sync;
        }),
      listBulkSyncSchemas: (id, o) =>
        this.shared(`${account}\0list\0${id}`, o, async (signal) => {
          const list = await api.listBulkSyncSchemas(id, { signal });
          this.noteList(id, list);
          return list;
        }),
      getBulkSyncSchema: (id, schemaId, o) => this.schema(api, account, id, schemaId, o),
      keptSchema: (id, schemaId) => this.kept(id, schemaId),
      getBulkSyncStatus: (id, o) => this.shared(`${account}\0status\0${id}`, o, (signal) => api.getBulkSyncStatus(id, { signal })),
      getBulkSyncExecution: (id, executionId, o) => api.getBulkSyncExecution(id, executionId, o),
      listBulkSyncs: (o) => this.shared(`${account}\0syncs`, o, (signal) => api.listBulkSyncs({ signal })),
      updateBulkSync: (id, body, o) => forgetAround(id, () => api.updateBulkSync(id, body, o)),
      updateBulkSyncSchemas: (id, schemas, o) => forgetAround(id, () => api.updateBulkSyncSchemas(id, schemas, o)),
      startBulkSyncExecution: (id, body, o) => api.startBulkSyncExecution(id, body, o),
      createBulkSync: (body, o) => api.createBulkSync(body, o),
    };
  }

  /**
   * How the next state read of a sync reads its schemas: `changed` (only those neither kept nor vouched
   * for by the document's link) until FULL_SCHEMA_READ_EVERY_MS has passed since the first state read;
   * then `all`, and each period from then on a full read that uses no kept read from before (between
   * them, `all` costs no request for a schema whose kept read holds). Always `all` with the inference off.
   */
  schemaReadsFor(syncId: string): SchemaReads {
    if (!this.policy.keepSchemas || this.policy.useLink === false) return 'all';
    const entry = this.entry(syncId);
    const now = this.policy.now();
    if (entry.periodFrom === undefined) entry.periodFrom = now;
    const due = now - entry.periodFrom >= this.policy.fullReadEveryMs;
    // Until the first full read the link vouches; from then on what was read does (kept reads, and a
    // read of any schema a failed or cancelled full read did not reach), never the older link.
    if (!due && entry.freshFrom === undefined) return 'changed';
    if (due) {
      entry.periodFrom = now;
      entry.freshFrom = now;
    }
    return 'all';
  }

  /** Forgets what is kept of a sync (after a change made through this server). */
  forget(syncId: string): void {
    this.entries.delete(syncId);
  }

  private entry(syncId: string): SyncEntry {
    let entry = this.entries.get(syncId);
    if (!entry) this.entries.set(syncId, (entry = { schemas: new Map() }));
    return entry;
  }

  private noteStamp(syncId: string, stamp: string | undefined): void {
    const entry = this.entry(syncId);
    if (stamp === undefined || stamp !== entry.stamp) entry.schemas.clear();
    entry.stamp = stamp;
  }

  private noteList(syncId: string, list: BulkSchemaListItem[]): void {
    const entry = this.entry(syncId);
    const listed = new Map(list.map((item) => [item.id, JSON.stringify(item)]));
    for (const id of [...entry.schemas.keys()]) {
      // A schema whose list item is new, gone or different is read again.
      if (entry.listed?.get(id) === undefined || entry.listed.get(id) !== listed.get(id)) entry.schemas.delete(id);
    }
    entry.listed = listed;
  }

  /** A kept read of a schema that still holds (same stamp and list item, within the period), as a copy. */
  private kept(syncId: string, schemaId: string): BulkSchema | undefined {
    const entry = this.entries.get(syncId);
    const kept = entry?.schemas.get(schemaId);
    const now = this.policy.now();
    if (!this.policy.keepSchemas || !entry || !kept || entry.stamp === undefined || kept.stamp !== entry.stamp) return undefined;
    if (now - kept.at >= this.policy.fullReadEveryMs || kept.at < (entry.freshFrom ?? -Infinity)) return undefined;
    // A copy: the caller may change what it is given; the kept read must stay as the API sent it.
    return structuredClone(kept.value);
  }

  private async schema(api: SyncApi, account: string, syncId: string, schemaId: string, options: CallOptions | undefined): Promise<BulkSchema> {
    const entry = this.entry(syncId);
    const now = this.policy.now();
    const kept = this.kept(syncId, schemaId);
    if (kept) return kept;
    const stamp = entry.stamp;
    const value = await this.shared(`${account}\0schema\0${syncId}\0${schemaId}`, options, (signal) => api.getBulkSyncSchema(syncId, schemaId, { signal }));
    // Kept only under the stamp it was read under, and only if nothing moved meanwhile.
    const current = this.entries.get(syncId);
    if (stamp !== undefined && current?.stamp === stamp && current.listed?.has(schemaId)) {
      current.schemas.set(schemaId, { value: structuredClone(value), stamp, at: now });
    }
    return value;
  }

  /**
   * One read for every caller that asks for `key` while it is on its way. Each caller may cancel its
   * own wait; the read itself is cancelled when no caller waits for it any more.
   */
  private shared<T>(key: string, options: CallOptions | undefined, read: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(cancelled());
    let flight = this.inFlight.get(key);
    if (!flight) {
      const controller = new AbortController();
      const made: InFlight = { controller, waiting: 0, promise: Promise.resolve() };
      made.promise = read(controller.signal).finally(() => {
        if (this.inFlight.get(key) === made) this.inFlight.delete(key);
      });
      // Callers that cancelled leave the outcome unobserved; it must not count as unhandled.
      made.promise.catch(() => undefined);
      this.inFlight.set(key, made);
      flight = made;
    }
    const joined = flight;
    joined.waiting += 1;
    if (!signal) return joined.promise.finally(() => (joined.waiting -= 1)) as Promise<T>;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        joined.waiting -= 1;
        if (joined.waiting === 0) {
          joined.controller.abort();
          if (this.inFlight.get(key) === joined) this.inFlight.delete(key);
        }
        reject(cancelled());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      (joined.promise as Promise<T>).then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          joined.waiting -= 1;
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          joined.waiting -= 1;
          reject(error);
        },
      );
    });
  }
}

function cancelled(): ApiError {
  return new ApiError({ kind: 'cancelled', message: 'The request was cancelled.' });
}
