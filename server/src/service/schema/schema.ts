// Access to schemas/bulk-sync.schema.json, the single source of truth for fields, types and enums.
import rawSchema from '../../../../schemas/bulk-sync.schema.json';

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

export interface SchemaNode {
  $ref?: string;
  type?: JsonType | JsonType[];
  description?: string;
  markdownDescription?: string;
  title?: string;
  enum?: unknown[];
  const?: unknown;
  enumDescriptions?: string[];
  markdownEnumDescriptions?: string[];
  default?: unknown;
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  required?: string[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  oneOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  deprecated?: boolean;
  deprecationMessage?: string;
  defaultSnippets?: { label?: string; description?: string; markdownDescription?: string; body?: unknown; bodyText?: string }[];
  definitions?: Record<string, SchemaNode>;
  'x-omitted'?: string;
  'x-editorOnly'?: boolean;
  /** Written by Polysync itself (the sync link): never offered by completion. */
  'x-writtenByPolysync'?: boolean;
  'x-notAcceptedOnCreate'?: string[];
  'x-removedProperties'?: Record<string, RemovedProperty>;
  /** Names only a draft of the API documentation used, with what replaced them. */
  'x-draftProperties'?: Record<string, DraftProperty>;
  'x-frequencyFields'?: Record<string, string[]>;
  'x-frequencyFieldsInferred'?: boolean;
  /** Fields a frequency is not known to use but that published API text names for it: never flagged. */
  'x-frequencyFieldsTolerated'?: Record<string, string[]>;
  /** A lower bound no published source states, only inferred: values below it get a warning, not an error. */
  'x-inferredMinimum'?: number;
  /** Per required property, what the evidence for "required" is, added to the missing-property message. */
  'x-requiredNotes'?: Record<string, string>;
  'x-apiVersion'?: string;
  [keyword: string]: unknown;
}

export interface RemovedProperty {
  removedIn: string;
  replacedBy: string[];
  message: string;
}

export interface DraftProperty {
  replacedBy: string[];
  message: string;
}

export const bulkSyncSchema = rawSchema as unknown as SchemaNode;

/**
 * Follows `$ref` (local `#/definitions/...` references only) until a concrete schema is reached.
 * Keys written beside a `$ref` (a property's own description or x-omitted) override the definition's,
 * as in VS Code's JSON language service; the merged node is cached so its identity stays stable.
 */
export function resolveSchema(schema: SchemaNode | undefined, root: SchemaNode = bulkSyncSchema): SchemaNode | undefined {
  let current = schema;
  for (let guard = 0; current?.$ref && guard < 32; guard++) {
    current = withSiblings(current, resolvePointer(root, current.$ref));
  }
  return current;
}

const siblingCache = new WeakMap<SchemaNode, SchemaNode | undefined>();

function withSiblings(referencing: SchemaNode, target: SchemaNode | undefined): SchemaNode | undefined {
  if (!target || Object.keys(referencing).length === 1) return target;
  if (siblingCache.has(referencing)) return siblingCache.get(referencing);
  const { $ref: _ref, ...siblings } = referencing;
  const merged: SchemaNode = { ...target, ...siblings };
  siblingCache.set(referencing, merged);
  return merged;
}

const pointerCache = new WeakMap<SchemaNode, Map<string, SchemaNode | undefined>>();

function resolvePointer(root: SchemaNode, ref: string): SchemaNode | undefined {
  let cache = pointerCache.get(root);
  if (!cache) pointerCache.set(root, (cache = new Map()));
  if (cache.has(ref)) return cache.get(ref);
  let target: unknown;
  if (ref.startsWith('#')) {
    target = root;
    for (const raw of ref.slice(1).split('/').filter(Boolean)) {
      const segment = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      target = (target as Record<string, unknown> | undefined)?.[segment];
    }
  }
  const resolved = target && typeof target === 'object' ? (target as SchemaNode) : undefined;
  cache.set(ref, resolved);
  return resolved;
}

export function typesOf(schema: SchemaNode): JsonType[] {
  if (schema.type === undefined) return [];
  return Array.isArray(schema.type) ? schema.type : [schema.type];
}

/**
 * The branches of a union (`oneOf`/`anyOf`), flattened and each resolved by `resolve` (references by
 * default); a schema without one is its own single branch.
 */
export function branchesOf(schema: SchemaNode | undefined, resolve: (schema: SchemaNode | undefined) => SchemaNode | undefined = resolveSchema): SchemaNode[] {
  const resolved = resolve(schema);
  if (!resolved) return [];
  const union = resolved.oneOf ?? resolved.anyOf;
  if (!union) return [resolved];
  return union.flatMap((branch) => branchesOf(branch, resolve));
}

/** The JSON type of a parsed value node, distinguishing integers from other numbers. */
export function jsonTypeOf(nodeType: string, value: unknown): JsonType {
  if (nodeType === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return nodeType as JsonType;
}

export function acceptsType(schema: SchemaNode, type: JsonType): boolean {
  const types = typesOf(schema);
  if (types.length === 0) return true;
  if (types.includes(type)) return true;
  return type === 'integer' && types.includes('number');
}

/** The schema for a property of an object schema (declared properties only). */
export function propertySchema(objectSchema: SchemaNode | undefined, key: string): SchemaNode | undefined {
  const resolved = resolveSchema(objectSchema);
  const declared = resolved?.properties && Object.hasOwn(resolved.properties, key) ? resolved.properties[key] : undefined;
  if (declared) return resolveSchema(declared);
  if (resolved && typeof resolved.additionalProperties === 'object') return resolveSchema(resolved.additionalProperties);
  return undefined;
}

/**
 * The schema that governs the value at `path` in a document, choosing among union branches by the
 * shape of the value actually there (`pick` is handed the candidate branches and the path so far).
 */
export function schemaAtPath(
  path: (string | number)[],
  pick: (branches: SchemaNode[], depth: number) => SchemaNode | undefined = (branches) =>
    branches.find((b) => typesOf(b).includes('object')) ?? branches[0],
  root: SchemaNode = bulkSyncSchema,
): SchemaNode | undefined {
  let current: SchemaNode | undefined = resolveSchema(root, root);
  for (let depth = 0; depth < path.length && current; depth++) {
    const segment = path[depth];
    const branches = branchesOf(current);
    current = branches.length > 1 ? pick(branches, depth) : branches[0];
    if (!current) return undefined;
    if (typeof segment === 'number') current = current.items ? resolveSchema(current.items) : undefined;
    else current = propertySchema(current, segment);
  }
  return current;
}

/** A human phrase for the types a schema accepts: "a string", "an integer or null". */
export function describeTypes(types: JsonType[]): string {
  const article = (t: JsonType) => (t === 'null' ? 'null' : /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`);
  const words = types.map(article);
  if (words.length <= 1) return words[0] ?? 'any value';
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}
