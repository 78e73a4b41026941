// Deterministic benchmark documents: a bulk sync selecting most objects of a large Salesforce org.
// Half the `schemas` items are plain ids, half are objects with 30 fields and a filter, which is the
// shape that makes real files reach megabytes. One filter uses an invalid function (the planted
// schema error) so a benchmark can check that each server really validates against the schema.

/** The invalid filter function planted in every generated large document. */
export const PLANTED_FUNCTION = 'Equals';

/** A small seeded generator (mulberry32): the same seed always gives the same document. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STANDARD_OBJECTS = ['Account', 'Contact', 'Lead', 'Opportunity', 'Case', 'Campaign', 'Task', 'Event', 'User', 'Product2'];
const STANDARD_FIELDS = ['Id', 'Name', 'OwnerId', 'CreatedDate', 'CreatedById', 'LastModifiedDate', 'LastModifiedById', 'SystemModstamp', 'IsDeleted'];
const FUNCTIONS = ['Equality', 'GreaterThan', 'OnOrAfter', 'StringContains', 'IsNotNull', 'StringOneOf'];

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function uuid(next: () => number): string {
  const hex = (count: number) => {
    let out = '';
    for (let i = 0; i < count; i++) out += Math.floor(next() * 16).toString(16);
    return out;
  };
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(next() * 4)]}${hex(3)}-${hex(12)}`;
}

function schemaConfiguration(index: number, next: () => number, plantError: boolean): Record<string, unknown> {
  const fields: unknown[] = [];
  for (let f = 0; f < 30; f++) {
    const id = f < STANDARD_FIELDS.length ? STANDARD_FIELDS[f] : `Field_${pad(index, 5)}_${pad(f, 2)}__c`;
    // Every seventh field is masked, as personal data often is; the others are plain ids.
    fields.push(f % 7 === 3 ? { id, obfuscate: true } : id);
  }
  const fn = plantError ? PLANTED_FUNCTION : FUNCTIONS[Math.floor(next() * FUNCTIONS.length)];
  const filter: Record<string, unknown> = { field_id: `Field_${pad(index, 5)}_12__c`, function: fn };
  if (fn !== 'IsNotNull') filter.value = fn === 'StringOneOf' ? ['open', 'pending'] : fn === 'GreaterThan' ? Math.floor(next() * 1000) : '2024-01-01T00:00:00Z';
  const item: Record<string, unknown> = { id: `Custom_${pad(index, 5)}__c`, fields, filters: [filter] };
  if (index % 5 === 0) item.tracking_field = 'SystemModstamp';
  return item;
}

/**
 * A pretty-printed (2-space) bulk sync document of about `targetBytes` characters; plain JSON, no
 * comments. With `plantError` one filter in the middle of `schemas` has an invalid function.
 */
export function generateDocument(targetBytes: number, options: { seed?: number; plantError?: boolean } = {}): string {
  const next = random(options.seed ?? 1);
  const head = {
    name: 'Salesforce production to Snowflake (everything)',
    mode: 'replicate',
    source_connection_id: uuid(next),
    destination_connection_id: uuid(next),
    destination_configuration: { schema: 'salesforce', mirror_schemas: false, advanced: { table_prefix: 'sf_', hard_deletes: true } },
    default_schedule: { frequency: 'daily', hour: '5', minute: '30' },
    additional_schedules: [{ frequency: 'hourly', minute: '15', schemas: ['Account', 'Opportunity'], resync_mode: 'normal' }],
    automatically_add_new_fields: 'all',
    automatically_add_new_objects: 'none',
    normalize_names: 'enabled',
    policies: [uuid(next)],
    schemas: [] as unknown[],
  };
  // About 1,300 characters per (plain id, object) pair once pretty-printed.
  const pairs = Math.max(1, Math.round((targetBytes - 700) / 1300));
  const plantAt = options.plantError ? Math.floor(pairs / 2) : -1;
  for (let i = 0; i < pairs; i++) {
    head.schemas.push(i < STANDARD_OBJECTS.length ? STANDARD_OBJECTS[i] : `Object_${pad(i, 5)}__c`);
    head.schemas.push(schemaConfiguration(i, next, i === plantAt));
  }
  return `${JSON.stringify(head, null, 2)}\n`;
}

/**
 * A "typical" small file for the CLI benchmark: a handful of schemas, sometimes a comment, sometimes
 * a mistake (so the checker reports something, as it would in a real repository).
 */
export function generateTypicalFile(index: number): string {
  const next = random(1000 + index);
  const schemas: unknown[] = [];
  const count = 3 + Math.floor(next() * 8);
  for (let i = 0; i < count; i++) {
    if (next() < 0.5) schemas.push(`${STANDARD_OBJECTS[i % STANDARD_OBJECTS.length]}${i >= STANDARD_OBJECTS.length ? i : ''}`);
    else {
      const fields = STANDARD_FIELDS.slice(0, 2 + Math.floor(next() * 7));
      schemas.push({ id: `Table_${i}`, fields, ...(next() < 0.3 ? { filters: [{ field_id: 'Name', function: 'StringContains', value: 'x' }] } : {}) });
    }
  }
  const frequencies = ['daily', 'hourly', 'weekly', 'manual', 'continuous'];
  const frequency = frequencies[index % frequencies.length];
  const schedule: Record<string, string> = { frequency };
  if (frequency === 'daily' || frequency === 'weekly') schedule.hour = String(index % 24);
  if (frequency !== 'manual' && frequency !== 'continuous') schedule.minute = String((index * 15) % 60);
  if (frequency === 'weekly') schedule.day_of_week = 'monday';
  const doc: Record<string, unknown> = {
    name: `Sync ${index}`,
    mode: index % 9 === 4 ? 'snapshots' : index % 2 ? 'replicate' : 'snapshot',
    source_connection_id: uuid(next),
    destination_connection_id: uuid(next),
    destination_configuration: { schema: `team_${index % 17}` },
    default_schedule: schedule,
    schemas,
  };
  if (index % 4 === 1) doc.normalize_names = 'enabled';
  let text = JSON.stringify(doc, null, 2);
  if (index % 3 === 0) text = text.replace('{\n', '{\n  // owned by the data platform team\n');
  return `${text}\n`;
}
