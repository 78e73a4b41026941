// The outline of a bulk sync: its name, mode, connections, schedules (read back in words) and schemas.
import { type DocumentSymbol, SymbolKind } from 'vscode-languageserver-types';
import { type JsonNode, type ParsedDocument, propertyValue, stringValue } from './document/document';
import { describeSchedule } from './schedule/describe';

/** Deep configuration objects are outlined only this far, and the whole outline has a size budget. */
const MAX_DEPTH = 6;
const MAX_SYMBOLS = 5000;

interface Budget {
  left: number;
}

export function documentSymbols(doc: ParsedDocument): DocumentSymbol[] {
  const root = doc.root;
  if (root?.type !== 'object') return [];
  const budget: Budget = { left: MAX_SYMBOLS };
  const out: DocumentSymbol[] = [];
  for (const property of root.children ?? []) {
    const symbol = topLevelSymbol(doc, property, budget);
    if (symbol) out.push(symbol);
  }
  return out;
}

function keyOf(property: JsonNode): string {
  const key = property.children?.[0]?.value;
  return typeof key === 'string' && key.length > 0 ? key : '""';
}

function scalarText(doc: ParsedDocument, node: JsonNode | undefined): string | undefined {
  if (!node || node.type === 'object' || node.type === 'array') return undefined;
  if (node.type === 'string') return node.value as string;
  return doc.text.slice(node.offset, node.offset + node.length);
}

function make(doc: ParsedDocument, name: string, kind: SymbolKind, range: JsonNode, selection: JsonNode, detail?: string, children?: DocumentSymbol[]): DocumentSymbol {
  const symbol: DocumentSymbol = {
    // Editors reject symbols with an empty name.
    name: name.length ? name : '""',
    kind,
    range: doc.nodeRange(range),
    selectionRange: doc.nodeRange(selection),
  };
  if (detail && detail !== name) symbol.detail = detail;
  if (children?.length) symbol.children = children;
  return symbol;
}

function kindOf(node: JsonNode | undefined): SymbolKind {
  switch (node?.type) {
    case 'object':
      return SymbolKind.Object;
    case 'array':
      return SymbolKind.Array;
    case 'string':
      return SymbolKind.String;
    case 'number':
      return SymbolKind.Number;
    case 'boolean':
      return SymbolKind.Boolean;
    case 'null':
      return SymbolKind.Null;
    default:
      return SymbolKind.Property;
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function topLevelSymbol(doc: ParsedDocument, property: JsonNode, budget: Budget): DocumentSymbol | undefined {
  if (budget.left-- <= 0) return undefined;
  const key = keyOf(property);
  const keyNode = property.children?.[0] ?? property;
  const value = property.children?.[1];
  switch (key) {
    case 'name':
      return make(doc, key, SymbolKind.String, property, keyNode, scalarText(doc, value));
    case 'mode':
    case 'normalize_names':
    case 'automatically_add_new_fields':
    case 'automatically_add_new_objects':
      return make(doc, key, SymbolKind.EnumMember, property, keyNode, scalarText(doc, value));
    case 'source_connection_id':
    case 'destination_connection_id':
      return make(doc, key, SymbolKind.Key, property, keyNode, scalarText(doc, value));
    case 'default_schedule':
    case 'schedule':
      return make(doc, key, SymbolKind.Event, property, keyNode, scheduleDetail(value), childrenOf(doc, value, 1, budget));
    case 'additional_schedules':
      return additionalSchedulesSymbol(doc, property, keyNode, value, budget);
    case 'schemas':
      return schemasSymbol(doc, property, keyNode, value, budget);
    case 'polysync':
      // The link is one entry: its base is one long line nobody reads, and its members are Polysync's.
      return make(doc, key, SymbolKind.Object, property, keyNode, linkDetail(value));
    default:
      return genericSymbol(doc, key, property, keyNode, value, 1, budget);
  }
}

function linkDetail(link: JsonNode | undefined): string | undefined {
  const id = stringValue(propertyValue(link, 'sync_id'));
  return id ? `linked to ${id}` : undefined;
}

function scheduleDetail(schedule: JsonNode | undefined): string | undefined {
  return describeSchedule(schedule) ?? stringValue(propertyValue(schedule, 'frequency'));
}

function additionalSchedulesSymbol(doc: ParsedDocument, property: JsonNode, keyNode: JsonNode, value: JsonNode | undefined, budget: Budget): DocumentSymbol {
  if (value?.type !== 'array') return genericSymbol(doc, 'additional_schedules', property, keyNode, value, 1, budget);
  const children: DocumentSymbol[] = [];
  (value.children ?? []).forEach((item, index) => {
    if (budget.left-- <= 0) return;
    const name = scheduleDetail(item) ?? `schedule ${index + 1}`;
    const extras = [
      stringValue(propertyValue(item, 'selective_mode')),
      stringValue(propertyValue(item, 'resync_mode')),
      schemaList(propertyValue(item, 'schemas')),
    ].filter((x): x is string => Boolean(x));
    children.push(make(doc, name, SymbolKind.Event, item, item, extras.join(', ') || undefined, childrenOf(doc, item, 2, budget)));
  });
  return make(doc, 'additional_schedules', SymbolKind.Array, property, keyNode, plural(children.length, 'schedule'), children);
}

function schemaList(node: JsonNode | undefined): string | undefined {
  if (node?.type !== 'array') return undefined;
  const names = (node.children ?? []).map((c) => stringValue(c)).filter((s): s is string => s !== undefined);
  return names.length ? names.join(', ') : 'all schemas';
}

function schemasSymbol(doc: ParsedDocument, property: JsonNode, keyNode: JsonNode, value: JsonNode | undefined, budget: Budget): DocumentSymbol {
  if (value?.type !== 'array') return genericSymbol(doc, 'schemas', property, keyNode, value, 1, budget);
  const children: DocumentSymbol[] = [];
  for (const item of value.children ?? []) {
    if (budget.left-- <= 0) break;
    if (item.type === 'string') {
      children.push(make(doc, (item.value as string) || '""', SymbolKind.Class, item, item, 'all fields'));
      continue;
    }
    const idNode = propertyValue(item, 'id');
    const id = stringValue(idNode);
    const fields = propertyValue(item, 'fields');
    const filters = propertyValue(item, 'filters');
    const details = [
      fields?.type === 'array' ? plural(fields.children?.length ?? 0, 'field') : 'all fields',
      filters?.type === 'array' && filters.children?.length ? plural(filters.children.length, 'filter') : undefined,
      propertyValue(item, 'enabled')?.value === false ? 'disabled' : undefined,
    ].filter((x): x is string => Boolean(x));
    const selection = idNode && idNode.offset >= item.offset ? idNode : item;
    children.push(make(doc, id ?? '(no id)', SymbolKind.Class, item, selection, details.join(', '), childrenOf(doc, item, 2, budget)));
  }
  return make(doc, 'schemas', SymbolKind.Array, property, keyNode, plural(children.length, 'schema'), children);
}

function genericSymbol(doc: ParsedDocument, name: string, range: JsonNode, selection: JsonNode, value: JsonNode | undefined, depth: number, budget: Budget): DocumentSymbol {
  let detail = scalarText(doc, value);
  if (value?.type === 'array') detail = plural(value.children?.length ?? 0, 'item');
  return make(doc, name, kindOf(value), range, selection, detail, childrenOf(doc, value, depth, budget));
}

function childrenOf(doc: ParsedDocument, value: JsonNode | undefined, depth: number, budget: Budget): DocumentSymbol[] | undefined {
  if (!value || depth > MAX_DEPTH || (value.type !== 'object' && value.type !== 'array')) return undefined;
  const out: DocumentSymbol[] = [];
  if (value.type === 'object') {
    for (const property of value.children ?? []) {
      if (budget.left-- <= 0) break;
      const keyNode = property.children?.[0] ?? property;
      out.push(genericSymbol(doc, keyOf(property), property, keyNode, property.children?.[1], depth + 1, budget));
    }
  } else {
    (value.children ?? []).forEach((item, index) => {
      if (budget.left-- <= 0) return;
      // Items with an id (fields, schemas) are named by it; others by position.
      const id = item.type === 'string' ? (item.value as string) : stringValue(propertyValue(item, 'id')) ?? stringValue(propertyValue(item, 'field_id'));
      out.push(genericSymbol(doc, id || `[${index}]`, item, item, item, depth + 1, budget));
    });
  }
  return out;
}
