// The edit that turns a document's text into the same text with its link written: only the span that
// differs is replaced, so the rest of the document (and the user's cursor and folds in it) stays put.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { LinkEdit } from '../../../protocol/messages';
import { keptLinkValue } from '../keep/link';
import { LINK_KEY, type SyncLink } from '../operations';

/** A cut between a `\r` and its `\n`, or inside a surrogate pair, would split one character in two. */
function splitsCharacter(text: string, offset: number): boolean {
  if (offset <= 0 || offset >= text.length) return false;
  const before = text.charCodeAt(offset - 1);
  const after = text.charCodeAt(offset);
  return (before === 0x0d && after === 0x0a) || (before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff);
}

/**
 * The smallest single replacement that turns `oldText` into `newText`, in positions of `oldText` (the
 * version the request named: the open document may have moved on since).
 */
export function minimalEdit(oldText: string, newText: string): LinkEdit {
  const limit = Math.min(oldText.length, newText.length);
  let start = 0;
  while (start < limit && oldText.charCodeAt(start) === newText.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < limit - start && oldText.charCodeAt(oldText.length - 1 - tail) === newText.charCodeAt(newText.length - 1 - tail)) tail++;
  while (start > 0 && (splitsCharacter(oldText, start) || splitsCharacter(newText, start))) start--;
  while (tail > 0 && (splitsCharacter(oldText, oldText.length - tail) || splitsCharacter(newText, newText.length - tail))) tail--;
  const lines = TextDocument.create('polysync:link', 'polysync', 0, oldText);
  return {
    range: { start: lines.positionAt(start), end: lines.positionAt(oldText.length - tail) },
    newText: newText.slice(start, newText.length - tail),
  };
}

/** The link as a top-level member, for a person to paste when the edit could not be applied. */
export function linkMemberText(link: SyncLink): string {
  return `${JSON.stringify(LINK_KEY)}: ${JSON.stringify(keptLinkValue(link), null, 2)}`;
}
