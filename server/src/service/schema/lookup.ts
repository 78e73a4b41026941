// Schema lookups shared by completion and hover: which schema governs a path, with the annotations
// written next to a `$ref` kept (they describe the property, the referenced definition describes the
// type), and connection-specific keys (`x-knownKeys`) turned into ordinary properties.
import type { JsonPath } from '../document/document';
import { branchesOf, bulkSyncSchema, resolveSchema, type SchemaNode, typesOf } from './schema';

const annotated = new WeakMap<SchemaNode, SchemaNode>();

/** Follows `$ref`, letting the keywords beside the reference win over the referenced definition's. */
export function withAnnotations(schema: SchemaNode | undefined): SchemaNode | undefined {
  if (!schema) return undefined;
  if (!schema.$ref) return schema;
  const cached = annotated.get(schema);
  if (cached) return cached;
  const { $ref, ...siblings } = schema;
  const target = withAnnotations(resolveSchema({ $ref }));
  const merged: SchemaNode = target ? { ...target, ...siblings } : siblings;
  annotated.set(schema, merged);
  return merged;
}

/** The alternatives a value may take (`oneOf`/`anyOf` flattened), each with its annotations. */
export function schemaBranches(schema: SchemaNode | undefined): SchemaNode[] {
  return branchesOf(schema, withAnnotations);
}

export function isObjectSchema(schema: SchemaNode): boolean {
  return typesOf(schema).includes('object') || (schema.type === undefined && schema.properties !== undefined);
}

export function isArraySchema(schema: SchemaNode): boolean {
  return typesOf(schema).includes('array') || (schema.type === undefined && schema.items !== undefined);
}

/** The object alternative of a schema, with connection-specific keys added as properties. */
export function objectBranch(schema: SchemaNode | undefined): SchemaNode | undefined {
  const branch = schemaBranches(schema).find(isObjectSchema);
  return branch ? withKnownKeys(branch) : undefined;
}

function arrayBranch(schema: SchemaNode | undefined): SchemaNode | undefined {
  return schemaBranches(schema).find(isArraySchema);
}

const knownKeysCache = new WeakMap<SchemaNode, SchemaNode>();

type KnownKeys = Record<string, Record<string, SchemaNode>>;

/**
 * `destination_configuration` and `source_configuration` accept keys that depend on the connection
 * type. Offline the type is unknown, so every known key is offered, each saying which types use it.
 */
function withKnownKeys(schema: SchemaNode): SchemaNode {
  const known = schema['x-knownKeys'] as KnownKeys | undefined;
  if (!known || typeof known !== 'object') return schema;
  const cached = knownKeysCache.get(schema);
  if (cached) return cached;
  const byKey = new Map<string, { schemas: SchemaNode[]; types: string[] }>();
  for (const [connectionType, keys] of Object.entries(known)) {
    for (const [key, keySchema] of Object.entries(keys ?? {})) {
      const entry = byKey.get(key) ?? { schemas: [], types: [] };
      entry.schemas.push(keySchema);
      entry.types.push(connectionType);
      byKey.set(key, entry);
    }
  }
  const properties: Record<string, SchemaNode> = { ...(schema.properties ?? {}) };
  for (const [key, { schemas, types }] of byKey) {
    properties[key] = mergeKnownKey(schemas, types);
  }
  const result: SchemaNode = { ...schema, properties };
  knownKeysCache.set(schema, result);
  return result;
}

function mergeKnownKey(schemas: SchemaNode[], types: string[]): SchemaNode {
  const first = schemas[0];
  const typeList = types.map((t) => `\`${t}\``).join(', ');
  const merged: SchemaNode = {
    ...first,
    'x-connectionTypes': types,
    markdownDescription: `${first.markdownDescription ?? first.description ?? ''}\n\nKnown for connection type${types.length > 1 ? 's' : ''} ${typeList}; other types may not accept it.`.trim(),
  };
  // Nested settings (such as `advanced`) list the union of what each connection type accepts.
  if (schemas.some((s) => s.properties)) {
    const nested: Record<string, SchemaNode> = {};
    const nestedTypes = new Map<string, string[]>();
    schemas.forEach((s, i) => {
      for (const [key, value] of Object.entries(s.properties ?? {})) {
        nested[key] ??= value;
        nestedTypes.set(key, [...(nestedTypes.get(key) ?? []), types[i]]);
      }
    });
    merged.properties = Object.fromEntries(
      Object.entries(nested).map(([key, value]) => [key, mergeKnownKey([value], nestedTypes.get(key) ?? [])]),
    );
  }
  return merged;
}

/** The schema of a property of an object schema: declared, connection-specific, or `additionalProperties`. */
export function childSchema(objectSchema: SchemaNode | undefined, key: string): SchemaNode | undefined {
  const object = objectBranch(objectSchema);
  if (!object) return undefined;
  const declared = object.properties?.[key];
  if (declared) return withAnnotations(declared);
  if (typeof object.additionalProperties === 'object') return withAnnotations(object.additionalProperties);
  return undefined;
}

/** The schema (possibly a union) governing the value at `path`, or undefined where the schema says nothing. */
export function schemaAt(path: JsonPath, root: SchemaNode = bulkSyncSchema): SchemaNode | undefined {
  let current: SchemaNode | undefined = withAnnotations(root);
  for (const segment of path) {
    if (!current) return undefined;
    if (typeof segment === 'number') current = withAnnotations(arrayBranch(current)?.items);
    else current = childSchema(current, segment);
  }
  return current;
}

/** The value the API behaves as if it had when a field is omitted, when the schema says so. */
export function omittedValue(schema: SchemaNode | undefined): { value: unknown } | undefined {
  if (!schema) return undefined;
  if (schema.default !== undefined) return { value: schema.default };
  // `x-omitted` texts say "the same as `all`"; read the value back from them.
  const match = /same as `([^`]+)`/i.exec(schema['x-omitted'] ?? '');
  if (!match) return undefined;
  const text = match[1];
  if (text === 'true' || text === 'false' || text === 'null' || /^-?\d+(\.\d+)?$/.test(text)) return { value: JSON.parse(text) };
  return { value: text };
}

export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The markdown description of a schema, falling back to the plain one. */
export function descriptionOf(schema: SchemaNode | undefined): string | undefined {
  return schema?.markdownDescription ?? schema?.description;
}

/** The markdown explanation of one enum value. */
export function enumDescription(schema: SchemaNode, value: unknown): string | undefined {
  const index = schema.enum?.findIndex((v) => sameValue(v, value)) ?? -1;
  if (index < 0) return undefined;
  return schema.markdownEnumDescriptions?.[index] ?? schema.enumDescriptions?.[index];
}

/** The bulk-sync frequencies and the fields each uses (`x-frequencyFields` on the Schedule definition). */
export function frequencyFields(): Record<string, string[]> {
  return resolveSchema({ $ref: '#/definitions/Schedule' })?.['x-frequencyFields'] ?? {};
}

/** True for enum values a new document should not pick: deprecated, or meant for other kinds of sync. */
export function isDiscouragedValue(schema: SchemaNode, value: unknown): boolean {
  const description = enumDescription(schema, value) ?? '';
  if (/\bdeprecated\b/i.test(description)) return true;
  if (/model-sync oriented/i.test(description)) return true;
  return false;
}

export function isDeprecatedValue(schema: SchemaNode, value: unknown): boolean {
  return /\bdeprecated\b/i.test(enumDescription(schema, value) ?? '');
}

/** Whether a path points at a schedule object: `default_schedule` or an item of `additional_schedules`. */
export function isSchedulePath(path: JsonPath): boolean {
  if (path.length === 1) return path[0] === 'default_schedule';
  return path.length === 2 && path[0] === 'additional_schedules' && typeof path[1] === 'number';
}

/** A short phrase for the types a schema accepts: "string (uuid) or null", "array of string". */
export function typeLabel(schema: SchemaNode | undefined, depth = 0): string {
  const branches = schemaBranches(schema);
  if (branches.length === 0 || depth > 4) return 'any';
  const words: string[] = [];
  for (const branch of branches) {
    const types = typesOf(branch);
    if (types.length === 0) {
      if (branch.enum) words.push('string');
      else if (branch.properties) words.push('object');
      else words.push('any JSON value');
      continue;
    }
    for (const type of types) {
      if (type === 'string' && branch.format) words.push(`string (${branch.format})`);
      else if (type === 'array') words.push(`array of ${branch.items ? typeLabel(branch.items, depth + 1) : 'any'}`);
      else if ((type === 'integer' || type === 'number') && branch.minimum !== undefined) words.push(`${type} ≥ ${branch.minimum}`);
      else words.push(type);
    }
  }
  const unique = [...new Set(words)];
  if (unique.length <= 1) return unique[0] ?? 'any';
  const joined = `${unique.slice(0, -1).join(', ')} or ${unique[unique.length - 1]}`;
  return depth > 0 ? `(${joined})` : joined;
}

/** The first link in the root schema's description: the API reference page for the create request. */
export function referenceLink(): { title: string; url: string } | undefined {
  const match = /\[([^\]]+)\]\((https?:[^)\s]+)\)/.exec(bulkSyncSchema.markdownDescription ?? '');
  return match ? { title: match[1].replace(/`/g, ''), url: match[2] } : undefined;
}
