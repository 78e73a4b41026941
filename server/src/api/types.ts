// Typed shapes of the Polytomic API calls Polysync makes (version 2025-09-18).
// Everything the API may add later is kept open with index signatures: the client passes
// unknown keys through instead of dropping them.

export type BulkSyncMode = 'snapshot' | 'replicate';
export type Discover = 'all' | 'onlyIncremental' | 'onlyNonIncremental' | 'none';
export type NormalizeNames = 'enabled' | 'disabled' | 'legacy';
export type ScheduleFrequency =
  | 'manual' | 'continuous' | 'hourly' | 'daily' | 'weekly' | 'custom'
  | 'builder' | 'runafter' | 'multi' | 'dbtcloud';
export type ResyncMode = 'normal' | 'refetch' | 'resync' | 'rebuild';
export type SelectiveMode = 'none' | 'incrementalFields' | 'nonincrementalFields';

/** All schedule values are strings on the wire, times in UTC. */
export interface Schedule {
  frequency: ScheduleFrequency | string;
  minute?: string;
  hour?: string;
  day_of_week?: string;
  day_of_month?: string;
  month?: string;
  id?: string;
  [key: string]: unknown;
}

export interface AdditionalSchedule extends Schedule {
  resync_mode?: ResyncMode | string;
  selective_mode?: SelectiveMode | string;
  schemas?: string[];
}

export interface SchemaField {
  id: string;
  enabled?: boolean;
  obfuscate?: boolean;
}

export interface SchemaFilter {
  field_id?: string;
  function: string;
  value?: unknown;
}

export interface SchemaConfiguration {
  id: string;
  enabled?: boolean | null;
  fields?: (string | SchemaField)[];
  filters?: SchemaFilter[];
  data_cutoff_timestamp?: string | null;
  disable_data_cutoff?: boolean | null;
  partition_key?: string | null;
  tracking_field?: string | null;
  [key: string]: unknown;
}

/** Body of `POST /api/bulk/syncs`. */
export interface BulkSyncRequest {
  name: string;
  mode?: BulkSyncMode | string;
  source_connection_id: string;
  destination_connection_id: string;
  destination_configuration: Record<string, unknown>;
  default_schedule: Schedule;
  additional_schedules?: AdditionalSchedule[] | null;
  active?: boolean | null;
  automatically_add_new_fields?: Discover | string;
  automatically_add_new_objects?: Discover | string;
  normalize_names?: NormalizeNames | string;
  concurrency_limit?: number | null;
  resync_concurrency_limit?: number | null;
  data_cutoff_timestamp?: string | null;
  disable_record_timestamps?: boolean | null;
  organization_id?: string | null;
  policies?: string[] | null;
  schemas?: (string | SchemaConfiguration)[] | null;
  source_configuration?: Record<string, unknown> | null;
  [key: string]: unknown;
}

export interface Actor {
  id: string;
  name?: string;
  type?: string;
}

export interface ResponseSchedule extends Schedule {
  created_at?: string;
  created_by?: Actor | null;
  updated_at?: string;
  updated_by?: Actor | null;
}

/** `data` of a successful create or read. It carries no `schemas`. */
export interface BulkSyncResponse {
  id: string;
  name: string;
  active?: boolean;
  mode?: string;
  source_connection_id: string;
  destination_connection_id: string;
  source_configuration?: Record<string, unknown> | null;
  destination_configuration?: Record<string, unknown> | null;
  default_schedule?: ResponseSchedule;
  additional_schedules?: AdditionalSchedule[] | null;
  automatically_add_new_fields?: string;
  automatically_add_new_objects?: string;
  normalize_names?: string;
  concurrency_limit?: number | null;
  resync_concurrency_limit?: number | null;
  data_cutoff_timestamp?: string | null;
  disable_record_timestamps?: boolean | null;
  organization_id?: string | null;
  policies?: string[] | null;
  created_at?: string;
  created_by?: Actor | null;
  updated_at?: string;
  updated_by?: Actor | null;
  [key: string]: unknown;
}

export interface ConnectionType {
  id: string;
  name?: string;
  [key: string]: unknown;
}

export interface Connection {
  id: string;
  name: string;
  type: ConnectionType;
  status?: string;
  organization_id?: string;
  [key: string]: unknown;
}

export interface SourceField {
  id: string;
  name?: string;
  type?: string;
  is_primary_key?: boolean;
  [key: string]: unknown;
}

export interface SourceSchema {
  id: string;
  name?: string;
  fields?: SourceField[];
  [key: string]: unknown;
}

export interface BulkSyncSource {
  capabilities?: { supports_tracking_fields?: boolean; [key: string]: unknown };
  /** Either a JSON Schema or a `key -> {default, required, items?}` map; both are seen. */
  configuration?: Record<string, unknown> | null;
  schemas?: SourceSchema[];
  [key: string]: unknown;
}

export interface TargetMode {
  id: string;
  label?: string;
  description?: string;
  requires_identity?: boolean;
  [key: string]: unknown;
}

export interface BulkSyncTarget {
  /** Either a JSON Schema or a `key -> {default, required, items?}` map; both are seen. */
  configuration?: Record<string, unknown> | null;
  modes?: TargetMode[];
  supported_resync_modes?: string[];
  [key: string]: unknown;
}

export interface Policy {
  id: string;
  name: string;
  organization_id?: string | null;
  system?: boolean;
  [key: string]: unknown;
}

export interface Me {
  id: string;
  email?: string;
  organization_id?: string;
  organization_name?: string;
  role?: string;
  [key: string]: unknown;
}

/** Error body the API returns for every error status; every member is optional. */
export interface ApiErrorBody {
  key?: string;
  message?: string;
  status?: number;
  metadata?: unknown;
}

// ---- Keeping a sync: schemas, executions, status (version 2025-09-18) ----

/** A field of one schema as the read side shows it (`obfuscated`, where the create body says `obfuscate`). */
export interface BulkSchemaField {
  id: string;
  enabled?: boolean;
  obfuscated?: boolean;
  output_name?: string | null;
  user_output_name?: string | null;
  [key: string]: unknown;
}

/** An item of `GET /api/bulk/syncs/{id}/schemas`: no `fields`, no `filters`. */
export interface BulkSchemaListItem {
  id: string;
  enabled?: boolean;
  output_name?: string | null;
  user_output_name?: string | null;
  partition_key?: string | null;
  tracking_field?: string | null;
  data_cutoff_timestamp?: string | null;
  disable_data_cutoff?: boolean | null;
  [key: string]: unknown;
}

/** `GET /api/bulk/syncs/{id}/schemas/{schema_id}`, and an item of the PATCH body. */
export interface BulkSchema extends BulkSchemaListItem {
  fields?: BulkSchemaField[];
  filters?: SchemaFilter[] | null;
}

export type ExecutionStatus =
  | 'created' | 'scheduled' | 'running' | 'exporting' | 'canceling' | 'canceled'
  | 'completed' | 'failed' | 'processing' | 'errors' | 'interrupted';

export interface BulkSyncExecution {
  id: string;
  status: ExecutionStatus | string;
  type?: string;
  fetch_mode?: string;
  is_resync?: boolean;
  is_test?: boolean;
  record_count?: number;
  error_count?: number;
  warning_count?: number;
  schemas?: { schema: string; status?: string; record_count?: number; [key: string]: unknown }[];
  created_at?: string;
  started_at?: string | null;
  completed_at?: string | null;
  status_message?: string | null;
  [key: string]: unknown;
}

export interface BulkSyncStatus {
  current_execution?: BulkSyncExecution | null;
  last_execution?: BulkSyncExecution | null;
  next_execution_time?: string | null;
  ingestion_status?: unknown;
  [key: string]: unknown;
}

/** Body of `POST /api/bulk/syncs/{id}/executions`; every member optional. */
export interface StartExecutionRequest {
  fetch_mode?: string;
  resync_mode?: ResyncMode | string;
  schemas?: string[];
  test?: boolean;
}

/** One page of a list that may carry `pagination.next_page_token`. */
export interface Page<T> {
  data: T[];
  nextPageToken?: string;
}
