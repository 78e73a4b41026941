// The part of the API client the operations on an existing sync use. The language server and the CLI
// hand in a PolytomicClient wrapped by gatedSyncApi, which bounds the requests in flight; tests may hand
// in any object with these methods.
import type { Gate } from '../api/gate';
import type {
  BulkSchema,
  BulkSchemaListItem,
  BulkSyncExecution,
  BulkSyncResponse,
  BulkSyncStatus,
  StartExecutionRequest,
} from '../api/types';

/** Requests in flight at once on syncs, unless the user says otherwise (`polysync --concurrency`). */
export const DEFAULT_CONCURRENCY = 4;

export interface CallOptions {
  signal?: AbortSignal;
}

export interface SyncApi {
  getBulkSync(id: string, options?: CallOptions): Promise<BulkSyncResponse>;
  listBulkSyncs(options?: CallOptions): Promise<BulkSyncResponse[]>;
  updateBulkSync(id: string, body: Record<string, unknown>, options?: CallOptions): Promise<BulkSyncResponse>;
  listBulkSyncSchemas(id: string, options?: CallOptions): Promise<BulkSchemaListItem[]>;
  getBulkSyncSchema(id: string, schemaId: string, options?: CallOptions): Promise<BulkSchema>;
  updateBulkSyncSchemas(id: string, schemas: BulkSchema[], options?: CallOptions): Promise<BulkSchema[]>;
  startBulkSyncExecution(id: string, body?: StartExecutionRequest, options?: CallOptions): Promise<BulkSyncExecution>;
  getBulkSyncStatus(id: string, options?: CallOptions): Promise<BulkSyncStatus>;
  /** One execution by its id (the status shows only the current and the last one). */
  getBulkSyncExecution(id: string, executionId: string, options?: CallOptions): Promise<BulkSyncExecution>;
  createBulkSync(body: Record<string, unknown>, options: { signal?: AbortSignal; idempotencyKey?: string }): Promise<BulkSyncResponse>;
  /**
   * A read of this schema kept from before that still holds, without a request (the language server's
   * shared reads have them); a comparison prefers it to the link's base for a schema it does not read.
   */
  keptSchema?(id: string, schemaId: string): BulkSchema | undefined;
}

/** `api` with every request passed through `gate`; `onRequest` hears of each one as it is sent. */
export function gatedSyncApi(api: SyncApi, gate: Gate, onRequest: () => void = () => {}): SyncApi {
  const wrap = <A extends unknown[], R>(fn: (...args: A) => Promise<R>) => (...args: A): Promise<R> =>
    gate.run(() => {
      onRequest();
      return fn(...args);
    });
  return {
    getBulkSync: wrap((id, o) => api.getBulkSync(id, o)),
    listBulkSyncs: wrap((o) => api.listBulkSyncs(o)),
    updateBulkSync: wrap((id, body, o) => api.updateBulkSync(id, body, o)),
    listBulkSyncSchemas: wrap((id, o) => api.listBulkSyncSchemas(id, o)),
    getBulkSyncSchema: wrap((id, schemaId, o) => api.getBulkSyncSchema(id, schemaId, o)),
    updateBulkSyncSchemas: wrap((id, schemas, o) => api.updateBulkSyncSchemas(id, schemas, o)),
    startBulkSyncExecution: wrap((id, body, o) => api.startBulkSyncExecution(id, body, o)),
    getBulkSyncStatus: wrap((id, o) => api.getBulkSyncStatus(id, o)),
    getBulkSyncExecution: wrap((id, executionId, o) => api.getBulkSyncExecution(id, executionId, o)),
    createBulkSync: wrap((body, o) => api.createBulkSync(body, o)),
  };
}
