// Live account data in completion: connection, schema and field ids, modes, policies and destination
// settings as a value provider, read from an AccountSnapshot (never from the network). What the
// snapshot does not know yet is left out, and the list is marked incomplete while it is on its way.
import type { Position } from 'vscode-languageserver-types';
import {
  type AccountConnection,
  type AccountField,
  type AccountSnapshot,
  canBe,
  type ConfigSetting,
  isConnectionIdLike,
  sourceOf,
  settingsAt,
  targetOf,
  valueOf,
} from './snapshot';
import type { KeyProviderContext, ProvidedKey, ProvidedKeys, ProvidedValue, ValueProvider, ValueProviderContext } from '../completion/providers';
import { documentCompletionContext } from '../completion/context';
import { choice, escapeSnippet, TabStops } from '../completion/snippets';
import { type JsonPath, type ParsedDocument, propertyValue, stringValue } from '../document/document';
import { connectionMarkdown, fieldMarkdown, schemaMarkdown, settingMarkdown } from './markdown';
import { destinationSettings, isAccountValuePath, nameOf, type Role, rootString, schemaItem, schemaOf, selectedSchemas, type Slot, slotAt } from './slots';

const ROLE_RANK = { yes: 0, unknown: 1, no: 2 };

function connectionValues(snapshot: AccountSnapshot, role: Role): ProvidedValue[] {
  const connections = valueOf(snapshot.connections) ?? [];
  const fit = (c: AccountConnection): keyof typeof ROLE_RANK => {
    const can = canBe(snapshot, c.id, role);
    return can === true ? 'yes' : can === false ? 'no' : 'unknown';
  };
  return [...connections]
    .map((c) => ({ c, fit: fit(c) }))
    .sort((x, y) => ROLE_RANK[x.fit] - ROLE_RANK[y.fit] || x.c.name.localeCompare(y.c.name))
    .map(({ c, fit }) => ({
      value: c.id,
      label: c.name,
      detail: [c.typeName ?? c.typeId, c.status, fit === 'no' ? `cannot be a ${role}` : undefined].filter(Boolean).join(' · '),
      documentation: connectionMarkdown(snapshot, c),
      filterText: `${c.name} ${c.id}`,
    }));
}

function schemaValues(snapshot: AccountSnapshot, doc: ParsedDocument, slot: Extract<Slot, { kind: 'schema' }>): ProvidedValue[] {
  const sourceId = rootString(doc, 'source_connection_id');
  const source = isConnectionIdLike(sourceId) ? valueOf(sourceOf(snapshot, sourceId)) : undefined;
  if (!source) return [];
  const selected = selectedSchemas(doc, slot.schemaIndex);
  // In a schedule, the schemas the sync selects come first; in `schemas`, the ones not chosen yet.
  const preferred = (id: string) => (slot.inSchedule ? selected.size === 0 || selected.has(id) : !selected.has(id));
  return [...source.schemas]
    .sort((x, y) => Number(preferred(y.id)) - Number(preferred(x.id)))
    .map((s) => ({
      value: s.id,
      detail: [s.name && s.name !== s.id ? s.name : undefined, s.fields ? `${s.fields.length} fields` : undefined, !slot.inSchedule && selected.has(s.id) ? 'already selected' : undefined]
        .filter(Boolean)
        .join(' · ') || undefined,
      documentation: schemaMarkdown(s),
    }));
}

const TIME_TYPE = /date|time/i;

function fieldValues(snapshot: AccountSnapshot, doc: ParsedDocument, slot: Extract<Slot, { kind: 'field' }>): ProvidedValue[] {
  const found = schemaOf(snapshot, doc, slot.schemaIndex);
  if (!found?.fieldsKnown) return [];
  const fields = found.schema.fields ?? [];
  const listed = new Set<string>();
  if (slot.purpose === 'field') {
    const list = propertyValue(schemaItem(doc, slot.schemaIndex), 'fields');
    (list?.type === 'array' ? (list.children ?? []) : []).forEach((f, i) => {
      const id = f.type === 'object' ? stringValue(propertyValue(f, 'id')) : stringValue(f);
      if (id && i !== slot.fieldIndex) listed.add(id);
    });
  }
  const rank = (f: AccountField) => {
    if (slot.purpose === 'tracking') return TIME_TYPE.test(f.type ?? '') ? 0 : 1;
    if (slot.purpose === 'partition') return f.isPrimaryKey ? 0 : 1;
    return listed.has(f.id) ? 1 : 0;
  };
  return [...fields]
    .sort((x, y) => rank(x) - rank(y))
    .map((f) => ({
      value: f.id,
      detail: fieldDetail(f, listed.has(f.id)),
      documentation: fieldMarkdown(f, found.schema),
    }));
}

function fieldDetail(field: AccountField, listed = false): string | undefined {
  const parts = [field.type, field.isPrimaryKey ? 'primary key' : undefined, field.name && field.name !== field.id ? field.name : undefined, listed ? 'already listed' : undefined];
  return parts.filter(Boolean).join(' · ') || undefined;
}

function modeValues(snapshot: AccountSnapshot, doc: ParsedDocument): ProvidedValue[] {
  const id = rootString(doc, 'destination_connection_id');
  const modes = isConnectionIdLike(id) ? valueOf(targetOf(snapshot, id))?.modes : undefined;
  const name = isConnectionIdLike(id) ? nameOf(snapshot, id) : undefined;
  return (modes ?? []).map((m) => ({
    value: m.id,
    detail: [m.label, name ? `supported by ${name}` : undefined].filter(Boolean).join(' · '),
    documentation: [m.description, m.requiresIdentity ? 'Needs a primary key (identity) on every synced object.' : undefined].filter(Boolean).join('\n\n') || undefined,
  }));
}

function resyncValues(snapshot: AccountSnapshot, doc: ParsedDocument): ProvidedValue[] {
  const id = rootString(doc, 'destination_connection_id');
  const modes = isConnectionIdLike(id) ? valueOf(targetOf(snapshot, id))?.resyncModes : undefined;
  const name = isConnectionIdLike(id) ? nameOf(snapshot, id) : undefined;
  return (modes ?? []).map((m) => ({ value: m, detail: name ? `supported by ${name}` : undefined }));
}

function policyValues(snapshot: AccountSnapshot, doc: ParsedDocument, path: JsonPath): ProvidedValue[] {
  const policies = valueOf(snapshot.policies) ?? [];
  const list = doc.root?.type === 'object' ? propertyValue(doc.root, 'policies') : undefined;
  const index = path[1];
  const chosen = new Set((list?.children ?? []).filter((_, i) => i !== index).map((n) => stringValue(n)?.toLowerCase()));
  return policies
    .filter((p) => !chosen.has(p.id.toLowerCase()))
    .map((p) => ({ value: p.id, label: p.name, detail: p.system ? 'system policy' : 'permission policy', filterText: `${p.name} ${p.id}` }));
}

function settingValues(snapshot: AccountSnapshot, doc: ParsedDocument, path: string[]): ProvidedValue[] {
  const setting = settingsAt(destinationSettings(snapshot, doc), path.slice(0, -1))?.find((s) => s.key === path[path.length - 1]);
  if (!setting) return [];
  const out: ProvidedValue[] = [];
  for (const value of setting.enum ?? []) {
    if (isScalar(value)) out.push({ value, detail: sameJson(value, setting.default) ? 'default' : undefined });
  }
  if (setting.hasDefault && isScalar(setting.default) && setting.default !== null && setting.default !== '' && !out.some((v) => sameJson(v.value, setting.default))) {
    out.push({ value: setting.default, detail: 'default' });
  }
  return out;
}

const isScalar = (v: unknown): v is string | number | boolean | null => v === null || ['string', 'number', 'boolean'].includes(typeof v);
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The snippet inserted after a destination setting's name. */
function settingSnippet(setting: ConfigSetting): string {
  const stops = new TabStops();
  const strings = (setting.enum ?? []).filter((v): v is string => typeof v === 'string');
  if (strings.length > 0 && strings.length === setting.enum!.length) {
    const first = typeof setting.default === 'string' && strings.includes(setting.default) ? setting.default : undefined;
    return `"${choice(stops, first ? [first, ...strings.filter((v) => v !== first)] : strings)}"`;
  }
  const fallback = setting.hasDefault && setting.default !== null && setting.default !== undefined ? setting.default : undefined;
  switch (setting.type) {
    case 'string':
      return typeof fallback === 'string' && fallback !== '' ? `"\${1:${escapeSnippet(fallback)}}"` : '"$1"';
    case 'boolean':
      return `\${1:${typeof fallback === 'boolean' ? fallback : false}}`;
    case 'number':
    case 'integer':
      return `\${1:${typeof fallback === 'number' ? fallback : 0}}`;
    case 'object':
      return '{$1}';
    case 'array':
      return '[$1]';
    default:
      return fallback !== undefined ? `\${1:${escapeSnippet(JSON.stringify(fallback))}}` : '"$1"';
  }
}

function settingKeys(snapshot: AccountSnapshot, context: KeyProviderContext): ProvidedKeys | undefined {
  const [first, ...rest] = context.objectPath;
  if (first !== 'destination_configuration' || rest.some((s) => typeof s !== 'string')) return undefined;
  const settings = settingsAt(destinationSettings(snapshot, context.doc), rest);
  if (!settings || settings.length === 0) return undefined;
  const id = rootString(context.doc, 'destination_connection_id');
  const name = isConnectionIdLike(id) ? nameOf(snapshot, id) : undefined;
  const keys: ProvidedKey[] = [...settings]
    .sort((a, b) => Number(b.required) - Number(a.required))
    .map((s) => ({
      key: s.key,
      valueSnippet: settingSnippet(s),
      required: s.required,
      detail: [s.type, s.required ? 'required' : undefined, name ? `for ${name}` : undefined].filter(Boolean).join(' · '),
      documentation: settingMarkdown(s, name),
    }));
  return { keys, onlyThese: true };
}

/** Completion values and names from the account. */
export function accountValueProvider(snapshot: AccountSnapshot): ValueProvider {
  return {
    name: 'account',
    values(context: ValueProviderContext) {
      const slot = slotAt(context.path);
      switch (slot?.kind) {
        case 'connection':
          return connectionValues(snapshot, slot.role);
        case 'schema':
          return schemaValues(snapshot, context.doc, slot);
        case 'field':
          return fieldValues(snapshot, context.doc, slot);
        case 'mode':
          return modeValues(snapshot, context.doc);
        case 'resyncMode':
          return resyncValues(snapshot, context.doc);
        case 'policy':
          return policyValues(snapshot, context.doc, context.path);
        case 'setting':
          return settingValues(snapshot, context.doc, slot.path);
        default:
          return undefined;
      }
    },
    // The destination's own list of modes is the whole truth for this sync.
    onlyThese(context: ValueProviderContext) {
      const kind = slotAt(context.path)?.kind;
      return kind === 'mode' || kind === 'resyncMode';
    },
    keys: (context) => settingKeys(snapshot, context),
    hasValuesAt: isAccountValuePath,
  };
}

/**
 * Whether completion at `position` would show account values that are still on their way: the list
 * is then marked incomplete so the editor asks again as the user types.
 */
export function awaitingAccountData(snapshot: AccountSnapshot, doc: ParsedDocument, position: Position): boolean {
  if (snapshot.state === 'signed-out' || snapshot.state === 'offline' || snapshot.state === 'misconfigured') return false;
  const context = documentCompletionContext(doc, doc.offsetAt(position));
  if (context.kind !== 'value') return false;
  const path = context.path;
  const slot = slotAt(path);
  if (!slot) return false;
  if (slot.kind === 'connection') return snapshot.connections.status === 'loading' || snapshot.connections.status === 'unknown';
  if (slot.kind === 'policy') return snapshot.policies.status === 'loading' || snapshot.policies.status === 'unknown';
  const key = slot.kind === 'schema' || slot.kind === 'field' ? 'source_connection_id' : 'destination_connection_id';
  const id = rootString(doc, key);
  if (!isConnectionIdLike(id)) return false;
  const item = key === 'source_connection_id' ? sourceOf(snapshot, id) : targetOf(snapshot, id);
  return item.status === 'loading' || item.status === 'unknown';
}
