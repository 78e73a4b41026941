// Live account data as inlay hints: the names of the connections and policies a document's ids point at.
import type { InlayHint } from 'vscode-languageserver-types';
import { type JsonNode, type ParsedDocument, propertyValue, stringValue } from '../document/document';
import type { InlayHintContributor } from '../inlayHints';
import { type AccountSnapshot, isConnectionIdLike, valueOf } from './snapshot';
import { nameOf } from './slots';

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

/** A hint showing `label` right after `node`, and where it goes. */
function hintAfter(doc: ParsedDocument, node: JsonNode | undefined, label: string | undefined): { offset: number; hint: InlayHint } | undefined {
  if (!node || !label) return undefined;
  let offset = node.offset + node.length;
  // After a comma that directly follows the value, so the hint does not split `"...",`.
  if (doc.text[offset] === ',') offset++;
  const next = doc.text[offset];
  const hint = { position: doc.positionAt(offset), label, paddingLeft: true, paddingRight: next !== undefined && next !== '\n' && next !== '\r' };
  return { offset, hint };
}
