// The part of the API client the operations on an existing sync use. The language server and the CLI
// hand in a PolytomicClient (the CLI wraps it to bound the requests in flight); tests may hand in any
// object with these methods.
import type {
  BulkSchema,
  BulkSchemaListItem,
  BulkSyncExecution,
  BulkSyncResponse,
  BulkSyncStatus,
  StartExecutionRequest,
} from '../../api/types';

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
  createBulkSync(body: Record<string, unknown>, options: { signal?: AbortSignal; idempotencyKey?: string }): Promise<BulkSyncResponse>;
}
