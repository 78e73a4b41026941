// The JSON Schema keywords the validator (schemaValidation.ts) implements. The schema is the single
// source of truth, so a keyword the walk would silently ignore (`uniqueItems`, `const`, an unknown
// `format`, a union it cannot tell apart) must stop validation loudly instead of passing bad documents.
import { resolveSchema, type SchemaNode, typesOf } from '../schema/schema';

/** Keywords the walk checks. */
const VALIDATED = new Set([
  '$ref', 'type', 'enum', 'format', 'minLength', 'maxLength', 'pattern', 'minimum', 'maximum',
  'properties', 'additionalProperties', 'required', 'items', 'oneOf', 'anyOf',
]);
/** Keywords that hold or describe schemas but assert nothing themselves. */
const STRUCTURE = new Set(['$schema', '$id', '$comment', 'definitions']);
/** Annotations for editors and people; validators ignore them. */
const ANNOTATIONS = new Set([
  'title', 'description', 'markdownDescription', 'default', 'examples', 'enumDescriptions',
  'markdownEnumDescriptions', 'defaultSnippets', 'deprecated', 'deprecationMessage',
]);
const FORMATS = new Set(['uuid', 'date-time']);

/** A union's branches, nested unions flattened, `$ref`s resolved against `root` (as branchesOf does). */
function branchesIn(node: SchemaNode, root: SchemaNode): SchemaNode[] {
  const resolved = resolveSchema(node, root);
  if (!resolved) return [];
  const union = resolved.oneOf ?? resolved.anyOf;
  return union ? union.flatMap((branch) => branchesIn(branch, root)) : [resolved];
}

/** Every keyword use in `schema` the validator does not implement, as `path: what`. */
export function unsupportedKeywords(schema: SchemaNode, root: SchemaNode = schema): string[] {
  const problems: string[] = [];
  const seen = new Set<object>();
  const visit = (node: SchemaNode, path: string) => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    for (const key of Object.keys(node)) {
      if (key.startsWith('x-') || VALIDATED.has(key) || STRUCTURE.has(key) || ANNOTATIONS.has(key)) continue;
      problems.push(`${path || '/'}: \`${key}\``);
    }
    if (node.format !== undefined && !FORMATS.has(node.format)) problems.push(`${path || '/'}: format \`${node.format}\``);
    if (Array.isArray(node.items)) problems.push(`${path}/items: a list of item schemas`);
    const union = node.oneOf ?? node.anyOf;
    if (union) {
      // The walk picks the first branch that accepts the value's JSON type: branches must not share one.
      const owner = new Map<string, number>();
      branchesIn(node, root).forEach((branch, index) => {
        const types = typesOf(branch);
        for (const type of types.length ? types : ['any']) {
          if (owner.has(type) || owner.has('any') || (type === 'any' && owner.size > 0)) {
            problems.push(`${path}/${node.oneOf ? 'oneOf' : 'anyOf'}: branches ${owner.get(type) ?? 0} and ${index} both accept ${type}`);
          }
          owner.set(type, index);
        }
      });
    }
    for (const [name, child] of Object.entries(node.properties ?? {})) visit(child, `${path}/properties/${name}`);
    for (const [name, child] of Object.entries(node.definitions ?? {})) visit(child, `${path}/definitions/${name}`);
    if (node.additionalProperties && typeof node.additionalProperties === 'object') visit(node.additionalProperties, `${path}/additionalProperties`);
    if (node.items && !Array.isArray(node.items)) visit(node.items, `${path}/items`);
    (node.oneOf ?? []).forEach((child, i) => visit(child, `${path}/oneOf/${i}`));
    (node.anyOf ?? []).forEach((child, i) => visit(child, `${path}/anyOf/${i}`));
  };
  visit(schema, '');
  return problems;
}

/** Throws, naming each one, when `schema` uses keywords the validator does not implement. */
export function assertSupportedSchema(schema: SchemaNode): void {
  const problems = unsupportedKeywords(schema);
  if (problems.length) {
    throw new Error(`The bulk sync schema uses JSON Schema keywords the validator does not implement: ${problems.join('; ')}`);
  }
}
