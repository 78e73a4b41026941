// The sandbox organization: connections, their bulk sync schemas and settings, policies and keys.
// Identities are fixed so examples, tests and the README demo can name them.

import type { BulkSyncSource, BulkSyncTarget, Connection, Me, Policy, SourceField } from '../../server/src/api/types';

export const ORGANIZATION = { id: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b01', name: 'Sandbox Organization' };

export const SANDBOX_KEYS = {
  /** Bearer; may create. */
  user: 'sandbox-user-key',
  /** Bearer; may read, gets 403 on create. */
  readonly: 'sandbox-readonly-key',
  /** Basic base64("<organization id>:sandbox-org-key"). */
  organization: 'sandbox-org-key',
} as const;

export type Principal = 'user' | 'readonly' | 'organization';

export const PRINCIPALS: Record<Principal, { me: Me; actor: { id: string; name: string; type: string }; canCreate: boolean }> = {
  user: {
    me: { id: '1e2d3c4b-5a69-4788-9a0b-c1d2e3f4a501', email: 'dana@sandbox.example', organization_id: ORGANIZATION.id, organization_name: ORGANIZATION.name, role: 'admin' },
    actor: { id: '1e2d3c4b-5a69-4788-9a0b-c1d2e3f4a501', name: 'Dana Example', type: 'user' },
    canCreate: true,
  },
  readonly: {
    me: { id: '1e2d3c4b-5a69-4788-9a0b-c1d2e3f4a502', email: 'robin@sandbox.example', organization_id: ORGANIZATION.id, organization_name: ORGANIZATION.name, role: 'readonly' },
    actor: { id: '1e2d3c4b-5a69-4788-9a0b-c1d2e3f4a502', name: 'Robin Example', type: 'user' },
    canCreate: false,
  },
  organization: {
    me: { id: '1e2d3c4b-5a69-4788-9a0b-c1d2e3f4a503', organization_id: ORGANIZATION.id, organization_name: ORGANIZATION.name, role: 'admin' },
    actor: { id: '1e2d3c4b-5a69-4788-9a0b-c1d2e3f4a503', name: 'Organization API key', type: 'apikey' },
    canCreate: true,
  },
};

export const IDS = {
  salesforce: '0b6a7c3e-5d21-4f8a-9c4e-2a1f7e3b9d10',
  hubspot: '3f9e2d41-8c7b-4a6e-b5d0-1c2e3f4a5b60',
  ordersDb: '7c1d5e9a-2b3f-4c8d-a6e1-9f0b2c3d4e70',
  snowflake: 'a2b4c6d8-1e3f-4a5b-8c7d-9e0f1a2b3c80',
  analyticsPostgres: 'c5d7e9f1-3a5b-4c7d-9e1f-2a4b6c8d0e90',
  s3: 'e8f0a2b4-6c8d-4e0f-a1b3-c5d7e9f1a3b0',
  /** A source with many tables, present only when the sandbox is started with `wideSourceTables`. */
  wideDb: 'f1e2d3c4-b5a6-4978-8a6b-5c4d3e2f1a00',
  policyDataEngineering: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c01',
  policyDefault: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c02',
} as const;

/**
 * The bulk sync most keep-as-code tests start from: orders from PostgreSQL into Snowflake, daily, two
 * schemas. A new object each call, so a test may change its copy; tests add what they need by spreading.
 */
export function ordersToSnowflake() {
  return {
    name: 'Orders to Snowflake',
    mode: 'replicate',
    source_connection_id: IDS.ordersDb,
    destination_connection_id: IDS.snowflake,
    destination_configuration: { schema: 'ORDERS' },
    default_schedule: { frequency: 'daily', hour: '4', minute: '0' },
    schemas: ['public.customers', 'public.orders'] as (string | { id: string; fields: string[] })[],
  };
}

/** ordersToSnowflake with a weekly extra schedule and a field list on `public.orders`. */
export function ordersWithFieldsAndWeekly() {
  return {
    ...ordersToSnowflake(),
    additional_schedules: [{ frequency: 'weekly', day_of_week: 'sunday', hour: '1', minute: '0' }],
    schemas: ['public.customers', { id: 'public.orders', fields: ['id', 'status'] }],
  };
}

export interface SandboxConnection {
  connection: Connection;
  source?: BulkSyncSource;
  target?: BulkSyncTarget & {
    /** Keys that must be present in destination_configuration. */
    requiredConfig: string[];
    /** Allowed values of string keys of destination_configuration. */
    enumConfig?: Record<string, string[]>;
  };
}

function connection(id: string, name: string, type: string, typeName: string): Connection {
  return { id, name, type: { id: type, name: typeName }, status: 'healthy', organization_id: ORGANIZATION.id };
}

/** Fields from a compact "name:type" list; the first is the primary key. */
function fields(spec: string): SourceField[] {
  return spec.split(/\s+/).map((entry, i) => {
    const [id, type = 'string'] = entry.split(':');
    return { id, name: id, type, is_primary_key: i === 0 };
  });
}

const SALESFORCE_SCHEMAS = [
  ['Account', 'Id Name Type Industry AnnualRevenue:number OwnerId CreatedDate:datetime LastModifiedDate:datetime SystemModstamp:datetime IsDeleted:boolean'],
  ['Contact', 'Id AccountId FirstName LastName Name Email Phone CreatedDate:datetime LastModifiedDate:datetime SystemModstamp:datetime'],
  ['Opportunity', 'Id AccountId Name StageName Amount:number CloseDate:date IsWon:boolean CreatedDate:datetime LastModifiedDate:datetime SystemModstamp:datetime'],
  ['Lead', 'Id FirstName LastName Company Email Status CreatedDate:datetime LastModifiedDate:datetime SystemModstamp:datetime'],
  ['Case', 'Id CaseNumber AccountId ContactId Subject Status Priority CreatedDate:datetime LastModifiedDate:datetime SystemModstamp:datetime'],
  ['User', 'Id Name Email IsActive:boolean CreatedDate:datetime LastModifiedDate:datetime SystemModstamp:datetime'],
];

const HUBSPOT_SCHEMAS = [
  ['contacts', 'Contacts', 'id email firstname lastname phone createdate:datetime lastmodifieddate:datetime'],
  ['companies', 'Companies', 'id name domain industry createdate:datetime hs_lastmodifieddate:datetime'],
  ['deals', 'Deals', 'id dealname amount:number dealstage closedate:datetime createdate:datetime hs_lastmodifieddate:datetime'],
  ['tickets', 'Tickets', 'id subject content hs_pipeline_stage createdate:datetime hs_lastmodifieddate:datetime'],
];

const POSTGRES_SCHEMAS = [
  ['public.orders', 'id:integer customer_id:integer status total_cents:integer created_at:datetime updated_at:datetime'],
  ['public.customers', 'id:integer email name created_at:datetime updated_at:datetime'],
  ['public.order_items', 'id:integer order_id:integer product_id:integer quantity:integer unit_price_cents:integer'],
  ['public.products', 'id:integer sku name price_cents:integer active:boolean updated_at:datetime'],
  ['billing.invoices', 'id:integer order_id:integer amount_cents:integer issued_at:datetime paid_at:datetime updated_at:datetime'],
];

const SNAPSHOT = {
  id: 'snapshot',
  label: 'Snapshot',
  description: 'Copy the selected objects in full on every run.',
  requires_identity: false,
};
const REPLICATE = {
  id: 'replicate',
  label: 'Replicate',
  description: 'Keep the destination in step with the source using each object\'s primary key.',
  requires_identity: true,
};

export function buildConnections(): SandboxConnection[] {
  return [
    {
      connection: connection(IDS.salesforce, 'Salesforce Production', 'salesforce', 'Salesforce'),
      source: {
        capabilities: { supports_tracking_fields: false },
        configuration: {},
        schemas: SALESFORCE_SCHEMAS.map(([id, spec]) => ({ id, name: id, fields: fields(spec) })),
      },
    },
    {
      connection: connection(IDS.hubspot, 'HubSpot Marketing', 'hubspot', 'HubSpot'),
      source: {
        capabilities: { supports_tracking_fields: false },
        configuration: {},
        schemas: HUBSPOT_SCHEMAS.map(([id, name, spec]) => ({ id, name, fields: fields(spec) })),
      },
    },
    {
      connection: connection(IDS.ordersDb, 'Orders DB', 'postgresql', 'PostgreSQL'),
      source: {
        capabilities: { supports_tracking_fields: true },
        configuration: { replication_slot: { default: '', required: false } },
        schemas: POSTGRES_SCHEMAS.map(([id, spec]) => ({ id, name: id, fields: fields(spec) })),
      },
    },
    {
      connection: connection(IDS.snowflake, 'Snowflake Warehouse', 'snowflake', 'Snowflake'),
      // This destination describes its settings as a JSON Schema.
      target: {
        configuration: {
          $schema: 'http://json-schema.org/draft-07/schema#',
          type: 'object',
          properties: {
            schema: { type: 'string', title: 'Output schema', description: 'Schema the tables are written to.' },
            mirror_schemas: { type: 'boolean', default: false, title: 'Mirror source schemas' },
            advanced: {
              type: 'object',
              properties: {
                table_prefix: { type: 'string', title: 'Table prefix' },
                truncate_existing: { type: 'boolean', default: false },
                hard_deletes: { type: 'boolean', default: false },
              },
            },
          },
          required: ['schema'],
        },
        modes: [SNAPSHOT, REPLICATE],
        supported_resync_modes: ['normal', 'refetch', 'resync', 'rebuild'],
        requiredConfig: ['schema'],
      },
    },
    {
      connection: connection(IDS.analyticsPostgres, 'Analytics Postgres', 'postgresql', 'PostgreSQL'),
      // This destination uses the `key -> {default, required}` form, with nested `items`.
      target: {
        configuration: {
          schema: { default: 'polytomic', required: false },
          mirror_schemas: { default: false, required: false },
          advanced: {
            default: null,
            required: false,
            items: {
              table_prefix: { default: '', required: false },
              truncate_existing: { default: false, required: false },
            },
          },
        },
        modes: [SNAPSHOT, REPLICATE],
        supported_resync_modes: ['normal', 'refetch', 'resync', 'rebuild'],
        requiredConfig: [],
      },
    },
    {
      connection: connection(IDS.s3, 'Data Lake', 's3', 'Amazon S3'),
      target: {
        configuration: {
          format: { default: 'csv', required: true },
          subfolder: { default: '', required: false },
        },
        modes: [SNAPSHOT],
        supported_resync_modes: ['normal', 'refetch'],
        requiredConfig: ['format'],
        enumConfig: { format: ['csv', 'json', 'parquet'] },
      },
    },
  ];
}

/** A PostgreSQL source with `tables` tables (`wide.t001`...), for measuring syncs that select hundreds of schemas. */
export function wideSource(tables: number): SandboxConnection {
  return {
    connection: connection(IDS.wideDb, 'Wide Warehouse', 'postgresql', 'PostgreSQL'),
    source: {
      capabilities: { supports_tracking_fields: true },
      configuration: {},
      schemas: Array.from({ length: tables }, (_, i) => {
        const id = wideTableId(i);
        return { id, name: id, fields: fields('id:integer name status amount_cents:integer created_at:datetime updated_at:datetime') };
      }),
    },
  };
}

export function wideTableId(index: number): string {
  return `wide.t${String(index + 1).padStart(3, '0')}`;
}

export const POLICIES: Policy[] = [
  { id: IDS.policyDataEngineering, name: 'Data Engineering', organization_id: ORGANIZATION.id, system: false },
  { id: IDS.policyDefault, name: 'Default', organization_id: ORGANIZATION.id, system: true },
];
