// Reading a document for the account features: which places take account values (a slot), and the
// account data those places point at (the source's schema, the destination's settings, names).
import { type JsonNode, type JsonPath, type ParsedDocument, propertyValue, stringValue } from '../document/document';
import { schemaItemId, schemaItems } from '../document/bulkSync';
import {
  type AccountSchema,
  type AccountSnapshot,
  type ConfigSetting,
  findConnection,
  isConnectionIdLike,
  sourceOf,
  targetOf,
  valueOf,
} from './snapshot';

export type Role = 'source' | 'destination';

export function rootString(doc: ParsedDocument, key: string): string | undefined {
  return doc.root?.type === 'object' ? stringValue(propertyValue(doc.root, key)) : undefined;
}

export function schemaItem(doc: ParsedDocument, index: number): JsonNode | undefined {
  return doc.root?.type === 'object' ? schemaItems(doc.root)[index] : undefined;
}

/** Schema ids selected in `schemas`, except the item at `except`. */
export function selectedSchemas(doc: ParsedDocument, except?: number): Set<string> {
  const out = new Set<string>();
  (doc.root?.type === 'object' ? schemaItems(doc.root) : []).forEach((item, i) => {
    const id = i === except ? undefined : schemaItemId(item)?.id;
    if (id) out.add(id);
  });
  return out;
}

/** What an account-backed value at `path` is, if any. */
export type Slot =
  | { kind: 'connection'; role: Role }
  | { kind: 'schema'; schemaIndex?: number; inSchedule: boolean }
  | { kind: 'field'; schemaIndex: number; purpose: 'field' | 'tracking' | 'partition' | 'filter'; fieldIndex?: number }
  | { kind: 'mode' }
  | { kind: 'resyncMode' }
  | { kind: 'policy' }
  | { kind: 'setting'; path: string[] };

/** Whether the account supplies values at `path` (connection ids, schema and field ids, modes, policies, settings). */
export function isAccountValuePath(path: JsonPath): boolean {
  return slotAt(path) !== undefined;
}

export function slotAt(path: JsonPath): Slot | undefined {
  const [a, b, c, d, e] = path;
  if (path.length === 1 && a === 'source_connection_id') return { kind: 'connection', role: 'source' };
  if (path.length === 1 && a === 'destination_connection_id') return { kind: 'connection', role: 'destination' };
  if (path.length === 1 && a === 'mode') return { kind: 'mode' };
  if (a === 'policies' && path.length === 2 && typeof b === 'number') return { kind: 'policy' };
  if (a === 'schemas' && typeof b === 'number') {
    if (path.length === 2 || (path.length === 3 && c === 'id')) return { kind: 'schema', schemaIndex: b, inSchedule: false };
    if (c === 'fields' && typeof d === 'number' && (path.length === 4 || (path.length === 5 && e === 'id'))) {
      return { kind: 'field', schemaIndex: b, purpose: 'field', fieldIndex: d };
    }
    if (path.length === 3 && c === 'tracking_field') return { kind: 'field', schemaIndex: b, purpose: 'tracking' };
    if (path.length === 3 && c === 'partition_key') return { kind: 'field', schemaIndex: b, purpose: 'partition' };
    if (c === 'filters' && typeof d === 'number' && path.length === 5 && e === 'field_id') return { kind: 'field', schemaIndex: b, purpose: 'filter' };
  }
  if (a === 'additional_schedules' && typeof b === 'number') {
    if (path.length === 3 && c === 'resync_mode') return { kind: 'resyncMode' };
    if (path.length === 4 && c === 'schemas' && typeof d === 'number') return { kind: 'schema', inSchedule: true };
  }
  if (a === 'destination_configuration' && path.length >= 2 && path.every((s) => typeof s === 'string')) {
    return { kind: 'setting', path: path.slice(1) as string[] };
  }
  return undefined;
}

export function schemaOf(snapshot: AccountSnapshot, doc: ParsedDocument, index: number): { schema: AccountSchema; fieldsKnown: boolean } | undefined {
  const sourceId = rootString(doc, 'source_connection_id');
  const item = schemaItem(doc, index);
  const schemaId = item && schemaItemId(item)?.id;
  if (!isConnectionIdLike(sourceId) || !schemaId) return undefined;
  const source = valueOf(sourceOf(snapshot, sourceId));
  const schema = source?.schemas.find((s) => s.id === schemaId);
  return schema ? { schema, fieldsKnown: source!.fieldsIncluded && schema.fields !== undefined } : undefined;
}

export function destinationSettings(snapshot: AccountSnapshot, doc: ParsedDocument): readonly ConfigSetting[] | undefined {
  const id = rootString(doc, 'destination_connection_id');
  return isConnectionIdLike(id) ? valueOf(targetOf(snapshot, id))?.settings : undefined;
}

export function nameOf(snapshot: AccountSnapshot, id: string): string | undefined {
  const found = findConnection(snapshot, id);
  return found.status === 'found' ? found.connection.name : undefined;
}
