// The link between a file and its bulk sync: the top-level "polysync" key. Reading it from a parsed
// document, and writing it into a file's text without touching its comments, layout or line ends.
import { getNodeValue } from 'jsonc-parser';
import type { Range } from 'vscode-languageserver-types';
import { applyRawEdits, containerLayout, detectIndentOptions, insertMembers, lineIndent, renderValue, replaceNode } from '../service/actions/textEdits';
import { type ParsedDocument, parseDocument, propertyValue } from '../service/document/document';
import { LINK_KEY } from './requestBody';

export { LINK_KEY };

export interface SyncLink {
  sync_id: string;
  /** The sync's updated_at when Polysync last read it. */
  updated_at?: string;
  /** A short hash of each setting and selected schema of the live sync when Polysync last read it. */
  fingerprints?: Record<string, string>;
}

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
  const invalid = (message: string): LinkRead => ({ linked: 'invalid', message, range: doc.nodeRange(node) });
  if (node.type !== 'object') return invalid(`"${LINK_KEY}" must be an object with the linked sync's "sync_id".`);
  const value = getNodeValue(node) as Record<string, unknown>;
  if (typeof value.sync_id !== 'string' || value.sync_id.trim() === '') return invalid(`"${LINK_KEY}" has no "sync_id"; pull the sync again, or delete the key to unlink the file.`);
  const link: SyncLink = { sync_id: value.sync_id.trim() };
  if (typeof value.updated_at === 'string') link.updated_at = value.updated_at;
  if (typeof value.fingerprints === 'object' && value.fingerprints !== null && !Array.isArray(value.fingerprints)) {
    link.fingerprints = Object.fromEntries(Object.entries(value.fingerprints).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  }
  return { linked: true, link };
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
  const value: Record<string, unknown> = { sync_id: link.sync_id };
  if (link.updated_at !== undefined) value.updated_at = link.updated_at;
  if (link.fingerprints !== undefined) value.fingerprints = link.fingerprints;
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
