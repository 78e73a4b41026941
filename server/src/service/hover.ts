// Hover for .polysync.json documents: what a property means, what a value does, and schedules read
// back in words. Content comes from the schema (descriptions, enums, defaults, `x-omitted`).
import { type Hover, MarkupKind, type Position } from 'vscode-languageserver-types';
import {
  childSchema,
  enumDescription,
  isSchedulePath,
  objectBranch,
  referenceLink,
  schemaAt,
  schemaBranches,
} from './schema/lookup';
import { formatPath, type JsonNode, nodeAt, type ParsedDocument, pathOf, propertyValue, stringValue } from './document/document';
import { enumValueMarkdown, literalValueMarkdown, propertyMarkdown } from './schema/docs';
import { acceptsType, bulkSyncSchema, jsonTypeOf, type SchemaNode } from './schema/schema';
import { describeSchedule } from './schedule/describe';

/** Adds to a hover from outside the schema, e.g. a connection's name from the account. */
export interface HoverContributor {
  readonly name: string;
  /** Markdown shown before the schema's explanation. Answers from what it has; must not block. */
  hover(doc: ParsedDocument, node: JsonNode, isKey: boolean): string | undefined;
}

export interface HoverOptions {
  contributors?: readonly HoverContributor[];
}

/** The hover at `position`, or null where there is nothing to explain. */
export function hover(doc: ParsedDocument, position: Position, options: HoverOptions = {}): Hover | null {
  const node = nodeAt(doc.root, doc.offsetAt(position));
  if (!node || node.type === 'object' || node.type === 'array' || node.type === 'property') return null;
  const parent = node.parent;
  const isKey = parent?.type === 'property' && parent.children?.[0] === node;
  const extra = (options.contributors ?? []).map((c) => c.hover(doc, node, isKey));
  const markdown = [...extra, isKey ? keyHover(node) : valueHover(node)].filter(Boolean).join('\n\n---\n\n');
  if (!markdown) return null;
  return { contents: { kind: MarkupKind.Markdown, value: markdown }, range: doc.nodeRange(node) };
}

function referenceLine(): string | undefined {
  const link = referenceLink();
  return link ? `[API reference: ${link.title}](${link.url})` : undefined;
}

function keyHover(keyNode: JsonNode): string | undefined {
  const key = keyNode.value as string;
  const object = keyNode.parent?.parent;
  if (!object || object.type !== 'object') return undefined;
  const objectPath = pathOf(object);
  const objectSchema = objectBranch(schemaAt(objectPath));
  if (!objectSchema) return undefined;

  const removed = objectPath.length === 0 ? bulkSyncSchema['x-removedProperties']?.[key] : undefined;
  if (removed) {
    return [`**\`${key}\`**: removed in API version ${removed.removedIn}`, removed.message, referenceLine()].filter(Boolean).join('\n\n');
  }
  if (objectSchema['x-notAcceptedOnCreate']?.includes(key)) {
    return `**\`${key}\`**: not accepted when creating a bulk sync\n\nOnly the per-sync schema endpoints accept \`${key}\`; rename outputs after the sync is created.`;
  }
  const schema = childSchema(objectSchema, key);
  if (!schema) return undefined;
  const inSchedule = isSchedulePath(objectPath);
  const parts = [propertyMarkdown(key, schema, { required: objectSchema.required?.includes(key) ?? false, inSchedule, heading: true })];
  const valueNode = keyNode.parent?.children?.[1];
  if (objectPath.length === 0 && key === 'default_schedule') parts.push(...runsLine(valueNode));
  else if (inSchedule) parts.push(...runsLine(object));
  else if (objectPath.length === 0 && key === 'additional_schedules' && valueNode?.type === 'array') {
    const lines = (valueNode.children ?? []).map((item, index) => `${index + 1}. ${scheduleWithScope(item) ?? 'not readable yet'}`);
    if (lines.length) parts.push(`**Runs:**\n\n${lines.join('\n')}`);
  }
  const reference = referenceLine();
  if (reference) parts.push(reference);
  return parts.join('\n\n');
}

function runsLine(scheduleNode: JsonNode | undefined): string[] {
  const words = scheduleWithScope(scheduleNode);
  return words ? [`**Runs:** ${words}`] : [];
}

const SELECTIVE_WORDS: Record<string, string> = {
  incrementalFields: 'incremental fields only',
  nonincrementalFields: 'non-incremental fields only',
};

/** A schedule in words plus what an additional schedule limits itself to ("non-incremental fields only"). */
function scheduleWithScope(node: JsonNode | undefined): string | undefined {
  const words = describeSchedule(node);
  if (!words || !node) return words;
  const scope: string[] = [];
  const selective = stringValue(propertyValue(node, 'selective_mode'));
  if (selective && SELECTIVE_WORDS[selective]) scope.push(SELECTIVE_WORDS[selective]);
  const resync = stringValue(propertyValue(node, 'resync_mode'));
  if (resync && resync !== 'normal') scope.push(`${resync} runs`);
  const schemas = propertyValue(node, 'schemas');
  const ids = (schemas?.children ?? []).map((c) => stringValue(c)).filter((id): id is string => Boolean(id));
  if (ids.length) scope.push(`schemas ${ids.map((id) => `\`${id}\``).join(', ')}`);
  return scope.length ? `${words} (${scope.join('; ')})` : words;
}

/** The alternative of a union that the value actually takes (the string or the object form of an item). */
function branchFor(schema: SchemaNode, node: JsonNode): SchemaNode {
  const type = jsonTypeOf(node.type, node.value);
  const branches = schemaBranches(schema);
  if (branches.length <= 1) return schema;
  return branches.find((b) => b.enum?.includes(node.value)) ?? branches.find((b) => acceptsType(b, type)) ?? schema;
}

function valueHover(node: JsonNode): string | undefined {
  const path = pathOf(node);
  const schema = schemaAt(path);
  if (!schema) return undefined;
  const last = path[path.length - 1];
  const key = typeof last === 'string' ? last : undefined;
  const label = key ?? formatPath(path);
  const branch = branchFor(schema, node);
  const holder = node.parent?.type === 'property' ? node.parent.parent : undefined;
  const inSchedule = holder !== undefined && isSchedulePath(pathOf(holder));
  const parts: string[] = [];

  const enumSchema = schemaBranches(branch).find((b) => b.enum);
  if (enumSchema && enumSchema.enum!.some((v) => v === node.value) && enumDescription(enumSchema, node.value)) {
    parts.push(`**\`${String(node.value)}\`** (\`${label}\`)`, enumValueMarkdown(key, enumSchema, node.value, schema));
  } else if (node.type === 'boolean' || node.type === 'null') {
    parts.push(`**\`${String(node.value)}\`** (\`${label}\`)`, literalValueMarkdown(key, schema, node.value as boolean | null));
  } else {
    const required = holder ? (objectBranch(schemaAt(pathOf(holder)))?.required?.includes(key ?? '') ?? false) : false;
    parts.push(propertyMarkdown(label, branch === schema ? schema : { ...branch, 'x-omitted': schema['x-omitted'] }, { required, inSchedule, heading: true }));
  }
  if (inSchedule) parts.push(...runsLine(holder));
  return parts.join('\n\n');
}
