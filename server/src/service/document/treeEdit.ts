// Reuses the tree of a well-formed document for its next version: typing usually changes a few
// characters inside one string, so re-reading that one token (or the smallest object or array around
// the change) and recording that the offsets after it moved (treeNodes.ts applies that when one is
// read) is far cheaper than parsing megabytes again. The result is exactly the tree a full parse of
// the new text would give; whenever that cannot be guaranteed the function declines and the caller
// parses from scratch.
import type { Node } from 'jsonc-parser';
import { FastParser } from './fastParse';
import type { ShiftEntry } from './shiftLog';
import { ShiftMap } from './shiftMap';
import { type ContainerNode, freeze, isTreeNode, type LeafNode, PropertyNode, type TreeNode } from './treeNodes';
import type { TextSource } from './editedText';

/** Where two texts differ: [start, oldEnd) of the old text became [start, newEnd) of the new one. */
export interface TextChange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

// Texts are compared in slices first: string equality on slices runs natively, far faster than
// comparing one character at a time in JavaScript.
const CHUNK = 16384;

/** The smallest single change that turns `before` into `after`, or undefined when they are equal. */
export function findChange(before: string, after: string): TextChange | undefined {
  if (before === after) return undefined;
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start + CHUNK <= max && before.slice(start, start + CHUNK) === after.slice(start, start + CHUNK)) start += CHUNK;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  // The common suffix may not overlap the common prefix.
  const room = max - start;
  let suffix = 0;
  let b = before.length;
  let a = after.length;
  while (suffix + CHUNK <= room && before.slice(b - CHUNK, b) === after.slice(a - CHUNK, a)) {
    suffix += CHUNK;
    b -= CHUNK;
    a -= CHUNK;
  }
  while (suffix < room && before.charCodeAt(b - 1) === after.charCodeAt(a - 1)) {
    suffix++;
    b--;
    a--;
  }
  return { start, oldEnd: before.length - suffix, newEnd: after.length - suffix };
}

/** The change lies inside the node without touching its first or last character (quote, brace). */
function strictlyInside(node: Node, change: TextChange): boolean {
  return change.start > node.offset && change.oldEnd < node.offset + node.length;
}

/** The index of the child whose range contains `offset`, by binary search (children are ordered). */
function childAt(children: Node[], offset: number): number {
  let low = 0;
  let high = children.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const child = children[mid];
    if (offset < child.offset) high = mid - 1;
    else if (offset >= child.offset + child.length) low = mid + 1;
    else return mid;
  }
  return -1;
}

// What each in-place edit changed, for the checks that reuse their results for the nodes an edit left
// alone (diagnostics/incremental.ts). Every successful applyChange is one edit, numbered in order; the
// nodes it mutated in place (the re-read node and each ancestor up to the root) are marked with that
// number. Nodes it did not mark are the same objects with the same content as before (offsets aside):
// a re-read replaces the node's children with new objects. Only those few nodes are marked per edit,
// in a WeakMap, so nothing is kept per leaf and nothing outlives its node.
let editCount = 0;
const editedAt = new WeakMap<Node, number>();

/** The number of the latest in-place edit made in this process (0 before the first). */
export function latestEdit(): number {
  return editCount;
}

/**
 * True when no in-place edit after edit number `since` changed `node` or anything inside it, nor the
 * key of any property on its path from the root (its path is the same). A node first seen after
 * `since` is new, and has no results to reuse anyway.
 */
export function unchangedSince(node: Node, since: number): boolean {
  const at = editedAt.get(node);
  return at === undefined || at <= since;
}

// The latest edits' changed nodes (re-read node first, then its ancestors), so that a check can find
// which children of a large array changed since it last ran without visiting them all.
interface LoggedEdit {
  readonly edit: number;
  readonly changed: readonly Node[];
  /** A property key was re-read: the containers under its value were marked, not listed. */
  readonly keyRenamed: boolean;
}
const LOG_SIZE = 64;
const log: LoggedEdit[] = [];

/**
 * The children of `parent` that edits after edit number `since` changed in place, in no particular
 * order, given that `parent` still has the same children array it had then (the caller checks: a
 * re-read gives it a new one). Undefined when that cannot be told from the log: the edits since are
 * no longer all logged, one re-read `parent` itself, or one renamed a key.
 */
export function childrenChangedSince(parent: Node, since: number): Node[] | undefined {
  if (since >= editCount) return [];
  if (log.length === 0 || log[0].edit > since + 1) return undefined;
  const out: Node[] = [];
  for (const entry of log) {
    if (entry.edit <= since) continue;
    if (entry.keyRenamed) return undefined;
    const at = entry.changed.indexOf(parent);
    if (at === 0) return undefined;
    if (at > 0 && !out.includes(entry.changed[at - 1])) out.push(entry.changed[at - 1]);
  }
  return out;
}

/** Marks every container of a subtree (the results kept for them name its path, which changed). */
function markContainers(node: Node, edit: number): void {
  const children = node.children;
  if (!children) return;
  editedAt.set(node, edit);
  for (let i = 0; i < children.length; i++) if (children[i].children) markContainers(children[i], edit);
}

// An edit moves the nodes after it through the tree's shift log (shiftLog.ts), not by visiting them.
// A node that lags behind reads the shifts composed into one map, in O(log k) for k places edited, so
// the log can hold thousands of edits in different places. One cost is left in a read: a node whose
// entry has no map yet makes one, composing every entry since, each in time linear in the pieces made
// so far: up to (edits pending) x (pieces) steps. The walk that brings every node up to date and
// restarts the log (settleTree: about 25 ms at 5 MB, plus the same product to make the maps of the
// entries nodes point at) therefore comes when that product passes maxWork, when a map reaches
// maxPieces pieces (each edit in a new place adds one or two), or after maxPending edits in any case.
// Typing where the last keystroke ended adds no piece: a few cursors go 65,536 edits between walks
// (512 before), edits at 64 places about 4,000, edits always in new places 500-800 (16 before).
/** The bounds above, as one object that tests lower to cross them often. */
export const settleLimits = {
  maxPieces: 1024,
  maxWork: 1 << 19,
  maxPending: 1 << 16,
};

/** Puts the nodes of a subtree read from a window at `base` in the document, up to date with `at`. */
function placeSubtree(node: TreeNode, base: number, at: ShiftEntry): void {
  // Nodes read for an edit come from a parse of their own with no edits: their stored offsets are current.
  node.storedOffset += base;
  if (node instanceof PropertyNode) node.storedColonOffset += base;
  node.shiftedTo = at;
  const children = (node as ContainerNode).children;
  if (children) for (let i = 0; i < children.length; i++) placeSubtree(children[i] as TreeNode, base, at);
}

/** Keeps the offsets a subtree that leaves its tree has now (as they were before the edit), for good. */
function freezeSubtree(node: TreeNode): void {
  freeze(node);
  const children = (node as ContainerNode).children;
  if (children) for (let i = 0; i < children.length; i++) freezeSubtree(children[i] as TreeNode);
}

/**
 * Brings every node of the tree up to date, points it at the log's anchor and restarts the log. Nodes
 * still at the anchor (most) read its map, which each edit keeps up to date. Nodes at later entries are
 * gathered by entry, and the entries' maps made from the newest back, each from the one after it
 * (ShiftMap.addBefore): one pass over the entries, linear in the pieces at each, where making each
 * entry's map forward from it would compose every entry since, for each entry.
 */
export function settleTree(root: TreeNode): void {
  const log = root.shiftedTo.log;
  const anchor = log.anchor;
  const anchorMap = log.mapFrom(anchor)!;
  const later = new Map<ShiftEntry, TreeNode[]>();
  const gather = (node: TreeNode): void => {
    if (node.shiftedTo === anchor) moveBy(node, anchorMap);
    else {
      const nodes = later.get(node.shiftedTo);
      if (nodes) nodes.push(node);
      else later.set(node.shiftedTo, [node]);
    }
    const children = (node as ContainerNode).children;
    if (children) for (let i = 0; i < children.length; i++) gather(children[i] as TreeNode);
  };
  gather(root);
  if (later.size > 0) {
    const entries: ShiftEntry[] = [];
    for (let entry = anchor.next; entry !== null; entry = entry.next) entries.push(entry);
    const map = new ShiftMap(); // the newest entry's: nothing after it
    for (let i = entries.length - 1; i >= 0 && later.size > 0; i--) {
      const nodes = later.get(entries[i]);
      if (nodes) {
        for (const node of nodes) moveBy(node, map);
        later.delete(entries[i]);
      }
      map.addBefore(entries[i].at, entries[i].delta);
    }
  }
  log.restart();
}

/** Applies the map to the node's stored offsets and points it at its log's anchor. */
function moveBy(node: TreeNode, map: ShiftMap): void {
  node.storedOffset = map.apply(node.storedOffset);
  if (node instanceof PropertyNode) node.storedColonOffset = map.apply(node.storedColonOffset);
  node.shiftedTo = node.shiftedTo.log.anchor;
}

/**
 * Updates `root` (the tree of the old text, which must have parsed cleanly on the fast path) in place
 * so that it is the tree of `text`, the new text, given the change between them. Returns false, with
 * the tree untouched, when the change cannot be handled locally. The nodes it changed in place (the
 * re-read node first, then its ancestors up to the root) are pushed onto `changed` when given.
 */
export function applyChange(root: Node, text: TextSource, change: TextChange, changed?: Node[]): boolean {
  // Only the fast parser's trees can be edited (jsonc-parser's nodes have no shift log).
  if (!isTreeNode(root) || !strictlyInside(root, change)) return false;
  // Descend to the innermost node that strictly contains the change, remembering the child indexes.
  const path: number[] = [];
  let target: Node = root;
  for (;;) {
    const children = target.children;
    if (!children) break;
    const index = childAt(children, change.start);
    if (index < 0 || !strictlyInside(children[index], change)) break;
    path.push(index);
    target = children[index];
  }
  // A change between a key and its value (around the colon) is handled by the object holding both.
  if (target.type === 'property') {
    path.pop();
    target = target.parent!;
  }
  const delta = change.newEnd - change.oldEnd;
  const newLength = target.length + delta;
  // Only the node's new text is read (and the character after it, where a number or keyword must end),
  // as a string of its own: the document's whole text is never read (editedText.ts says why).
  const window = text.slice(target.offset, Math.min(text.length, target.offset + newLength + 1));
  const replacement = FastParser.valueAt(window, 0, target.parent, path.length);
  // The new text must hold a value of the same kind exactly where the old one was; the text before
  // and after is unchanged, so the rest of the document still reads the same.
  if (!replacement || replacement.type !== target.type || replacement.offset !== 0 || replacement.length !== newLength) return false;
  const shifts = root.shiftedTo.log; // the tree's log (every entry of a chain names it)
  const base = target.offset;
  // The children replaced leave the tree with the offsets they have now, as before the edit.
  const edited = target as LeafNode & ContainerNode;
  if (replacement.children) for (const child of edited.children) freezeSubtree(child as TreeNode);
  // Everything at or after the change's old end moves by delta: nodes after the target (the target and
  // its ancestors start before the change), and a property's colon after a re-read key.
  if (delta !== 0) shifts.push(change.oldEnd, delta);
  placeSubtree(replacement as TreeNode, base, shifts.head);

  if (replacement.children) {
    for (const child of replacement.children) (child as TreeNode).parent = target;
    edited.children = replacement.children;
  } else {
    edited.value = replacement.value;
  }
  edited.length = replacement.length;
  const edit = ++editCount;
  const marked: Node[] = [];
  for (let node: Node | undefined = target; node; node = node.parent) {
    editedAt.set(node, edit);
    marked.push(node);
  }
  changed?.push(...marked);
  // A property's key re-read: every path below its value now names the new key, so the results kept
  // for the containers there (messages naming `key[3]`, fix paths) are stale too.
  const property = target.parent;
  const keyRenamed = property?.type === 'property' && property.children![0] === target && property.children![1] !== undefined;
  if (keyRenamed) markContainers(property.children![1], edit);
  log.push({ edit, changed: marked, keyRenamed });
  if (log.length > LOG_SIZE) log.shift();
  if (delta === 0) return true;

  // Every ancestor grows by delta.
  for (let node = target.parent as TreeNode | undefined; node; node = node.parent as TreeNode | undefined) node.length += delta;
  // The anchor's map is extended at each edit, so that no read ever composes many entries at once.
  shifts.mapFrom(shifts.anchor);
  const { pending, widest } = shifts;
  if (pending > settleLimits.maxPending || widest > settleLimits.maxPieces || pending * widest > settleLimits.maxWork) {
    settleTree(root);
  }
  return true;
}
