// Live account data in hovers: what a connection, schema, field, mode, policy or destination setting
// is, read from an AccountSnapshot; when the account cannot tell, a line says why.
import { type JsonNode, type ParsedDocument, pathOf } from '../document/document';
import type { HoverContributor } from '../hover';
import { type AccountSnapshot, findConnection, isConnectionIdLike, settingsAt, sourceOf, targetOf, valueOf } from './snapshot';
import { connectionMarkdown, fieldMarkdown, schemaMarkdown, settingMarkdown } from './markdown';
import { destinationSettings, nameOf, rootString, schemaOf, slotAt } from './slots';

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
