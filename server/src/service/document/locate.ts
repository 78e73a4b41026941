// Finding the node a fix's path names. Duplicate keys make a path ambiguous; the diagnostic's own
// position then decides which occurrence is meant.
import type { JsonNode, JsonPath } from './document';

function contains(node: JsonNode, offset: number | undefined): boolean {
  return offset !== undefined && offset >= node.offset && offset <= node.offset + node.length;
}

/** The property nodes of `object` with key `key`, in document order. */
function propertiesNamed(object: JsonNode, key: string): JsonNode[] {
  if (object.type !== 'object') return [];
  return (object.children ?? []).filter((p) => p.type === 'property' && p.children?.[0]?.value === key);
}

/** The property node for `key`: the one around `hint` when the key is duplicated, else the last. */
export function findProperty(object: JsonNode | undefined, key: string, hint?: number): JsonNode | undefined {
  if (!object) return undefined;
  const candidates = propertiesNamed(object, key);
  return candidates.find((p) => contains(p, hint)) ?? candidates[candidates.length - 1];
}

/** The value node at `path` (for an index, the array item). */
export function findNode(root: JsonNode | undefined, path: JsonPath, hint?: number): JsonNode | undefined {
  let node = root;
  for (const segment of path) {
    if (!node) return undefined;
    if (typeof segment === 'number') {
      if (node.type !== 'array') return undefined;
      node = node.children?.[segment];
    } else {
      node = findProperty(node, segment, hint)?.children?.[1];
    }
  }
  return node;
}

/** The property node (key and value) that `path` ends in. */
export function findPropertyAt(root: JsonNode | undefined, path: JsonPath, hint?: number): JsonNode | undefined {
  const key = path[path.length - 1];
  if (typeof key !== 'string') return undefined;
  return findProperty(findNode(root, path.slice(0, -1), hint), key, hint);
}
