// Turns a parsed .polysync.json document into the exact body sent to the API, and maps the field paths
// an API error names back onto the document. Pure: no network, no editor.
import type { Range } from 'vscode-languageserver-types';
import type { JsonNode, JsonPath, ParsedDocument } from '../service/document/document';
import { syntaxErrorMessage } from '../service/document/syntaxMessages';

export type PreparedBody = { body: Record<string, unknown> } | { error: string; range?: Range };

/** The top-level key that links a file to its bulk sync (written by Polysync, never sent). */
export const LINK_KEY = 'polysync';

/** Top-level keys that only matter to the editor and are never sent. */
export const EDITOR_ONLY_KEYS: ReadonlySet<string> = new Set(['$schema', LINK_KEY]);

/**
 * The body: every key and value as written, in the same order, without comments, trailing commas and
 * editor-only top-level keys. Refuses a document whose meaning would be ambiguous (syntax errors,
 * duplicate keys, numbers JavaScript cannot hold exactly), naming the first place.
 */
export function prepareRequestBody(doc: ParsedDocument): PreparedBody {
  const at = (offset: number, length: number, message: string): PreparedBody => {
    const range = doc.rangeOf(offset, Math.max(length, 1));
    return { error: `Line ${range.start.line + 1}, column ${range.start.character + 1}: ${message}`, range };
  };
  const first = doc.syntaxErrors[0];
  if (first) return at(first.offset, first.length, syntaxErrorMessage(first));
  const root = doc.root;
  if (!root) return { error: 'The document is empty; expected a JSON object with the bulk sync settings.' };
  if (root.type !== 'object') return at(root.offset, 1, `the request body must be a JSON object, not ${describeType(root)}.`);
  const problems: { offset: number; length: number; message: string }[] = [];
  const body = toValue(root, problems, true) as Record<string, unknown>;
  const problem = problems[0];
  return problem ? at(problem.offset, problem.length, `${problem.message}.`) : { body };
}

export interface LocatedField {
  path: JsonPath;
  range: Range;
  /** False when the path was not found and the range is its nearest existing ancestor. */
  exact: boolean;
}

/**
 * Finds where each API field path sits in the document: the property key when the path ends at a
 * property, the value when it ends at an array element; otherwise the nearest ancestor that exists
 * (the opening brace of the document when nothing matches).
 */
export function locateFields(doc: ParsedDocument, paths: readonly JsonPath[]): LocatedField[] {
  const root = doc.root;
  return paths.map((path) => {
    if (!root) return { path, range: doc.rangeOf(0, 0), exact: false };
    const found = walk(root, path);
    const exact = found.depth === path.length;
    let target: JsonNode;
    if (found.viaProperty) target = found.viaProperty.children?.[0] ?? found.node;
    else if (found.depth === 0) return { path, range: doc.rangeOf(root.offset, 1), exact };
    else target = found.node;
    return { path, range: doc.nodeRange(target), exact };
  });
}

interface WalkResult {
  node: JsonNode;
  /** The property node used for the last step, when that step was an object key. */
  viaProperty?: JsonNode;
  depth: number;
}

function walk(root: JsonNode, path: JsonPath): WalkResult {
  let result: WalkResult = { node: root, depth: 0 };
  for (const segment of path) {
    const node = result.node;
    if (node.type === 'object') {
      const key = String(segment);
      // The last duplicate wins, as when the text is parsed.
      const property = [...(node.children ?? [])].reverse().find((p) => p.children?.[0]?.value === key);
      const value = property?.children?.[1];
      if (!property || !value) break;
      result = { node: value, viaProperty: property, depth: result.depth + 1 };
    } else if (node.type === 'array') {
      const index = typeof segment === 'number' ? segment : /^\d+$/.test(segment) ? Number(segment) : NaN;
      const item = Number.isInteger(index) ? node.children?.[index] : undefined;
      if (!item) break;
      result = { node: item, depth: result.depth + 1 };
    } else break;
  }
  return result;
}

function toValue(node: JsonNode, problems: { offset: number; length: number; message: string }[], topLevel = false): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const seen = new Set<string>();
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (!keyNode || !valueNode) continue;
        const key = String(keyNode.value);
        if (seen.has(key)) {
          problems.push({ offset: keyNode.offset, length: keyNode.length, message: `duplicate key "${key}"; remove one so it is clear which value is sent` });
          continue;
        }
        seen.add(key);
        if (topLevel && EDITOR_ONLY_KEYS.has(key)) continue;
        // defineProperty keeps a key such as "__proto__" as plain data.
        Object.defineProperty(out, key, { value: toValue(valueNode, problems), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map((child) => toValue(child, problems));
    case 'number': {
      const value = node.value as number;
      if (!Number.isFinite(value)) {
        problems.push({ offset: node.offset, length: node.length, message: 'this number is too large to send' });
      } else if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
        problems.push({ offset: node.offset, length: node.length, message: 'this integer is too large to send exactly' });
      }
      return value;
    }
    default:
      return node.value;
  }
}

function describeType(node: JsonNode): string {
  if (node.type === 'array') return 'an array';
  if (node.type === 'null') return 'null';
  return `a ${node.type}`;
}
