// Live account data where the user types: completion values and names, hover text and inlay hints,
// all read from an AccountSnapshot (never from the network). What the snapshot does not know yet is
// simply left out; the LSP adapter asks for it in the background and refreshes the editor.
import type { InlayHint, Position } from 'vscode-languageserver-types';
import {
  type AccountConnection,
  type AccountField,
  type AccountSchema,
  type AccountSnapshot,
  canBe,
  type ConfigSetting,
  findConnection,
  isConnectionIdLike,
  sourceOf,
  settingsAt,
  targetOf,
  valueOf,
} from './snapshot';
import type { KeyProviderContext, ProvidedKey, ProvidedKeys, ProvidedValue, ValueProvider, ValueProviderContext } from '../completion/providers';
import { documentCompletionContext } from '../completion/context';
import { choice, escapeSnippet, TabStops } from '../completion/snippets';
import { type JsonNode, type JsonPath, type ParsedDocument, pathOf, propertyValue, stringValue } from '../document/document';
import type { HoverContributor } from '../hover';
import type { InlayHintContributor } from '../inlayHints';
import { schemaItemId, schemaItems } from '../document/bulkSync';

/** The connection ids a document names, by role: what the account layer should fetch for it. */
export interface DocumentAccountNeeds {
  sources: string[];
  targets: string[];
  connections: string[];
}

export function accountNeeds(doc: ParsedDocument): DocumentAccountNeeds {
  const needs: DocumentAccountNeeds = { sources: [], targets: [], connections: [] };
  const root = doc.root;
  if (root?.type !== 'object') return needs;
  const source = stringValue(propertyValue(root, 'source_connection_id'));
  const destination = stringValue(propertyValue(root, 'destination_connection_id'));
  if (isConnectionIdLike(source)) {
    needs.sources.push(source);
    needs.connections.push(source);
  }
  if (isConnectionIdLike(destination)) {
    needs.targets.push(destination);
    needs.connections.push(destination);
  }
  return needs;
}

// ---- reading the document ---------------------------------------------------------------------------

type Role = 'source' | 'destination';

function rootString(doc: ParsedDocument, key: string): string | undefined {
  return doc.root?.type === 'object' ? stringValue(propertyValue(doc.root, key)) : undefined;
}

function schemaItem(doc: ParsedDocument, index: number): JsonNode | undefined {
  return doc.root?.type === 'object' ? schemaItems(doc.root)[index] : undefined;
}

/** Schema ids selected in `schemas`, except the item at `except`. */
function selectedSchemas(doc: ParsedDocument, except?: number): Set<string> {
  const out = new Set<string>();
  (doc.root?.type === 'object' ? schemaItems(doc.root) : []).forEach((item, i) => {
    const id = i === except ? undefined : schemaItemId(item)?.id;
    if (id) out.add(id);
  });
  return out;
}

/** What an account-backed value at `path` is, if any. */
type Slot =
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

function slotAt(path: JsonPath): Slot | undefined {
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

function schemaOf(snapshot: AccountSnapshot, doc: ParsedDocument, index: number): { schema: AccountSchema; fieldsKnown: boolean } | undefined {
  const sourceId = rootString(doc, 'source_connection_id');
  const item = schemaItem(doc, index);
  const schemaId = item && schemaItemId(item)?.id;
  if (!isConnectionIdLike(sourceId) || !schemaId) return undefined;
  const source = valueOf(sourceOf(snapshot, sourceId));
  const schema = source?.schemas.find((s) => s.id === schemaId);
  return schema ? { schema, fieldsKnown: source!.fieldsIncluded && schema.fields !== undefined } : undefined;
}

function destinationSettings(snapshot: AccountSnapshot, doc: ParsedDocument): readonly ConfigSetting[] | undefined {
  const id = rootString(doc, 'destination_connection_id');
  return isConnectionIdLike(id) ? valueOf(targetOf(snapshot, id))?.settings : undefined;
}

// ---- completion -----------------------------------------------------------------------------------

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

// ---- hover ----------------------------------------------------------------------------------------

function nameOf(snapshot: AccountSnapshot, id: string): string | undefined {
  const found = findConnection(snapshot, id);
  return found.status === 'found' ? found.connection.name : undefined;
}

function connectionMarkdown(snapshot: AccountSnapshot, c: AccountConnection): string {
  const lines = [`**${c.name}**: ${c.typeName ?? c.typeId} connection (\`${c.typeId}\`)${c.status ? `, status **${c.status}**` : ''}`];
  const roles: string[] = [];
  const source = canBe(snapshot, c.id, 'source');
  const destination = canBe(snapshot, c.id, 'destination');
  if (source !== undefined) roles.push(source ? 'can be a bulk sync source' : 'cannot be a bulk sync source');
  if (destination !== undefined) roles.push(destination ? 'can be a bulk sync destination' : 'cannot be a bulk sync destination');
  if (roles.length) lines.push(`It ${roles.join(' and ')}.`);
  lines.push(`\`${c.id}\``);
  return lines.join('\n\n');
}

function schemaMarkdown(schema: AccountSchema): string {
  const title = `**${schema.id}**${schema.name && schema.name !== schema.id ? ` (${schema.name})` : ''}`;
  if (!schema.fields) return `${title}: source schema`;
  const shown = schema.fields.slice(0, 12).map((f) => `\`${f.id}\`${f.type ? ` ${f.type}` : ''}${f.isPrimaryKey ? ' (primary key)' : ''}`);
  const more = schema.fields.length > shown.length ? `, and ${schema.fields.length - shown.length} more` : '';
  return `${title}: source schema with ${schema.fields.length} field${schema.fields.length === 1 ? '' : 's'}: ${shown.join(', ')}${more}`;
}

function fieldMarkdown(field: AccountField, schema: AccountSchema): string {
  const name = field.name && field.name !== field.id ? ` (${field.name})` : '';
  const kind = [field.type ? `\`${field.type}\`` : undefined, field.isPrimaryKey ? 'primary key' : undefined].filter(Boolean).join(', ');
  return `**${field.id}**${name}: ${kind ? `${kind} ` : ''}field of schema \`${schema.id}\``;
}

function settingMarkdown(setting: ConfigSetting, destinationName: string | undefined): string {
  const head = `**${setting.key}**${setting.title ? ` (${setting.title})` : ''}: ${setting.required ? 'required' : 'optional'} ${setting.type ?? ''} setting${destinationName ? ` of ${destinationName}` : ''}`.replace(/\s+/g, ' ');
  const parts = [head];
  if (setting.description) parts.push(setting.description);
  if (setting.enum?.length) parts.push(`Allowed: ${setting.enum.map((v) => `\`${JSON.stringify(v)}\``).join(', ')}`);
  if (setting.hasDefault && setting.default !== undefined && setting.default !== null) parts.push(`Default: \`${JSON.stringify(setting.default)}\``);
  return parts.join('\n\n');
}

/** A line saying why account details are missing, for hovers on values the account would explain. */
function unavailableLine(snapshot: AccountSnapshot, what: string): string {
  if (snapshot.state === 'loading') return `_Loading ${what} from the account..._`;
  return `_${capitalize(what)} from the account not available: ${snapshot.message}_`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function hoverForValue(snapshot: AccountSnapshot, doc: ParsedDocument, node: JsonNode): string | undefined {
  const value = node.type === 'string' ? (node.value as string) : undefined;
  if (value === undefined || value === '') return undefined;
  const slot = slotAt(pathOf(node));
  switch (slot?.kind) {
    case 'connection':
      return connectionHover(snapshot, value);
    case 'schema':
      return schemaHover(snapshot, doc, value);
    case 'field':
      return fieldHover(snapshot, doc, slot.schemaIndex, value);
    case 'mode':
      return modeHover(snapshot, doc, value);
    case 'policy':
      return policyHover(snapshot, value);
    default:
      return undefined;
  }
}

function connectionHover(snapshot: AccountSnapshot, id: string): string | undefined {
  if (!isConnectionIdLike(id)) return undefined;
  const found = findConnection(snapshot, id);
  if (found.status === 'found') return connectionMarkdown(snapshot, found.connection);
  if (found.status === 'missing') return `**No connection with this id** in the account.`;
  return snapshot.state === 'online' ? undefined : unavailableLine(snapshot, 'connection details');
}

function schemaHover(snapshot: AccountSnapshot, doc: ParsedDocument, id: string): string | undefined {
  const sourceId = rootString(doc, 'source_connection_id');
  if (!isConnectionIdLike(sourceId)) return undefined;
  const source = sourceOf(snapshot, sourceId);
  if (source.status !== 'ready') return source.status === 'refused' ? undefined : unavailableLine(snapshot, 'schema details');
  const schema = source.value.schemas.find((s) => s.id === id);
  const sourceName = nameOf(snapshot, sourceId) ?? 'the source';
  return schema ? `${schemaMarkdown(schema)} in ${sourceName}` : `**\`${id}\`** is not a schema of ${sourceName}.`;
}

function fieldHover(snapshot: AccountSnapshot, doc: ParsedDocument, schemaIndex: number, id: string): string | undefined {
  const found = schemaOf(snapshot, doc, schemaIndex);
  if (!found?.fieldsKnown) return undefined;
  const field = found.schema.fields?.find((f) => f.id === id);
  return field ? fieldMarkdown(field, found.schema) : `**\`${id}\`** is not a field of schema \`${found.schema.id}\`.`;
}

function modeHover(snapshot: AccountSnapshot, doc: ParsedDocument, mode: string): string | undefined {
  const id = rootString(doc, 'destination_connection_id');
  const modes = isConnectionIdLike(id) ? valueOf(targetOf(snapshot, id))?.modes : undefined;
  if (!modes?.length) return undefined;
  const name = nameOf(snapshot, id!) ?? 'The destination';
  const list = modes.map((m) => `\`${m.id}\``).join(', ');
  return modes.some((m) => m.id === mode) ? `${name} supports ${list}.` : `${name} does **not** support \`${mode}\`; it supports ${list}.`;
}

function policyHover(snapshot: AccountSnapshot, id: string): string | undefined {
  const policy = valueOf(snapshot.policies)?.find((p) => p.id.toLowerCase() === id.toLowerCase());
  return policy ? `**${policy.name}**: ${policy.system ? 'system ' : ''}permission policy` : undefined;
}

function hoverForKey(snapshot: AccountSnapshot, doc: ParsedDocument, keyNode: JsonNode): string | undefined {
  const object = keyNode.parent?.parent;
  if (object?.type !== 'object') return undefined;
  const [first, ...rest] = pathOf(object);
  if (first !== 'destination_configuration' || rest.some((s) => typeof s !== 'string')) return undefined;
  const setting = settingsAt(destinationSettings(snapshot, doc), rest as string[])?.find((s) => s.key === keyNode.value);
  if (!setting) return undefined;
  const id = rootString(doc, 'destination_connection_id');
  return settingMarkdown(setting, isConnectionIdLike(id) ? nameOf(snapshot, id) : undefined);
}

export function accountHoverContributor(snapshot: AccountSnapshot): HoverContributor {
  return {
    name: 'account',
    hover: (doc, node, isKey) => (isKey ? hoverForKey(snapshot, doc, node) : hoverForValue(snapshot, doc, node)),
  };
}

// ---- inlay hints ----------------------------------------------------------------------------------

export function accountInlayHints(snapshot: AccountSnapshot): InlayHintContributor {
  return {
    name: 'account',
    hints(doc, from, to) {
      const root = doc.root;
      if (root?.type !== 'object') return [];
      const labelled = [...connectionLabels(snapshot, root), ...policyLabels(snapshot, root)];
      return labelled.flatMap(({ node, label }) => {
        const hint = hintAfter(doc, node, label);
        return hint && hint.offset >= from && hint.offset <= to ? [hint.hint] : [];
      });
    },
  };
}

interface LabelledNode {
  node: JsonNode | undefined;
  label: string | undefined;
}

/** The names of the connections the document's ids point at. */
function connectionLabels(snapshot: AccountSnapshot, root: JsonNode): LabelledNode[] {
  return ['source_connection_id', 'destination_connection_id'].map((key) => {
    const node = propertyValue(root, key);
    const id = stringValue(node);
    return { node, label: isConnectionIdLike(id) ? nameOf(snapshot, id) : undefined };
  });
}

/** The names of the policies listed in `policies`, when the account's policies are known. */
function policyLabels(snapshot: AccountSnapshot, root: JsonNode): LabelledNode[] {
  const policies = valueOf(snapshot.policies);
  const list = propertyValue(root, 'policies');
  if (!policies || list?.type !== 'array') return [];
  return (list.children ?? []).map((item) => {
    const id = stringValue(item)?.toLowerCase();
    return { node: item, label: policies.find((p) => p.id.toLowerCase() === id)?.name };
  });
}

/** A hint showing `label` right after `node`, and where it goes; none when the line's own comment already names it. */
function hintAfter(doc: ParsedDocument, node: JsonNode | undefined, label: string | undefined): { offset: number; hint: InlayHint } | undefined {
  if (!node || !label) return undefined;
  let offset = node.offset + node.length;
  // After a comma that directly follows the value, so the hint does not split `"...",`.
  if (doc.text[offset] === ',') offset++;
  if (commentNames(doc.text, offset, label)) return undefined;
  const next = doc.text[offset];
  const hint = { position: doc.positionAt(offset), label, paddingLeft: true, paddingRight: next !== undefined && next !== '\n' && next !== '\r' };
  return { offset, hint };
}

/** Whether a `//` comment on the rest of the line from `offset` already says `label` (any letter case). */
function commentNames(text: string, offset: number, label: string): boolean {
  const end = text.indexOf('\n', offset);
  const rest = text.slice(offset, end === -1 ? undefined : end);
  const comment = /^\s*\/\/(.*)$/.exec(rest) ?? /^\s*\/\*(.*?)\*\//.exec(rest);
  return comment !== null && comment[1].toLowerCase().includes(label.toLowerCase());
}
