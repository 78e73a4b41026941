// The link between a file and its bulk sync: the top-level "polysync" key. Reading it from a parsed
// document (the compact link with its base, and the older one with per-setting fingerprints, which is
// compared two ways until its next apply or pull), and writing it into a file's text without touching
// its comments, layout or line ends. The value itself is keep/link.ts's.
import { getNodeValue } from 'jsonc-parser';
import type { Range } from 'vscode-languageserver-types';
import { type KeptLink, keptLinkValue, parseKeptLink } from '../keep/link';
import { applyRawEdits, containerLayout, detectIndentOptions, insertMembers, lineIndent, type ParsedDocument, parseDocument, propertyValue, renderValue, replaceNode } from '../service';
import { LINK_KEY } from './requestBody';

export { LINK_KEY };

/** sync_id, updated_at, ignore and the base (see keep/link.ts); `fingerprints` only in an old link, never written. */
export type SyncLink = KeptLink;

export type LinkRead =
  | { linked: false }
  | { linked: true; link: SyncLink }
  /** The key is there but unusable: where and why. */
  | { linked: 'invalid'; message: string; range: Range };

export function readLink(doc: ParsedDocument): LinkRead {
  const root = doc.root;
  if (!root || root.type !== 'object') return { linked: false };
  const node = propertyValue(root, LINK_KEY);
  if (!node) return { linked: false };
  const parsed = parseKeptLink(getNodeValue(node));
  if ('link' in parsed) return { linked: true, link: parsed.link };
  const { member, message } = parsed.problem;
  const at = (member !== undefined && node.type === 'object' ? propertyValue(node, member) : undefined) ?? node;
  return { linked: 'invalid', message: `${message.charAt(0).toUpperCase()}${message.slice(1)}.`, range: doc.nodeRange(at) };
}

/** A link with only the sync's id and `updated_at` (no base yet: compared two ways until one is written). */
export function bareLink(sync: { id: string; updated_at?: string }, ignore: string[] = []): SyncLink {
  return { sync_id: sync.id, ...(typeof sync.updated_at === 'string' ? { updated_at: sync.updated_at } : {}), ignore };
}

/**
 * The text with the link set: added as the last member of the top-level object, or its value replaced
 * in place. Nothing else changes: comments, indentation and line ends stay as they are. Undefined when
 * the text is not one JSON object that can take the key (syntax errors, another top-level value).
 */
export function writeLink(text: string, link: SyncLink): string | undefined {
  const doc = parseDocument('link.polysync.json', 0, text);
  const root = doc.root;
  if (!root || root.type !== 'object' || doc.syntaxErrors.length > 0) return undefined;
  const value = keptLinkValue(link);
  const layout = containerLayout(text, root, detectIndentOptions(text));
  const existing = propertyValue(root, LINK_KEY);
  if (existing) {
    const indent = lineIndent(text, existing.parent?.offset ?? existing.offset);
    return applyRawEdits(text, [replaceNode(existing, renderValue(value, { ...layout, indent }))]);
  }
  const rendered = `${JSON.stringify(LINK_KEY)}: ${renderValue(value, layout)}`;
  const edits = insertMembers(text, root, [rendered], layout);
  return edits ? applyRawEdits(text, edits) : undefined;
}
