// The offsets an edit moves, recorded instead of applied. An in-place edit of a parsed tree (treeEdit.ts)
// moves every node after the change by the change's length difference: hundreds of thousands of nodes in
// a 5 MB document, nearly all of which nothing reads before the next edit. Each tree therefore keeps a
// log of its edits, and each node of the tree (treeNodes.ts) remembers the last entry its stored offsets
// include; reading an offset applies the entries after that one and stores the result.
//
// Entries form a chain per tree: a node points at an entry, the tree's log at the newest. One document's
// edits can never move another's nodes, since the chains are separate; nodes that left their tree point
// at FROZEN, which never gains an entry.
//
// A node a few entries behind applies them one by one. Further behind, it reads the entries after its
// own composed into one ShiftMap (shiftMap.ts: O(log k) per read for k places edited), which the entry
// keeps for the other nodes pointing at it and extends as new entries come. Those maps are a cache:
// the log keeps the most recently used ones within a budget of pieces and drops the others, which are
// built again if ever needed; the anchor's map, behind which most nodes lag, is never dropped.
import { ShiftMap } from './shiftMap';

export const shiftLogLimits = {
  /** Nodes at most this many entries behind apply them one by one rather than through a map. */
  oneByOne: 16,
  /** The pieces kept in the maps of entries other than the anchor, together (tests lower it). */
  cacheBudget: 1 << 16,
};

/** One edit's shift: in the coordinates of its moment, every offset >= `at` moved by `delta`. */
export class ShiftEntry {
  /** The next edit's entry; null while this one is the newest. */
  next: ShiftEntry | null = null;
  /** The entries after this one up to `composedTo`, composed, for the nodes still pointing here. */
  composed: ShiftMap | undefined = undefined;
  composedTo: ShiftEntry | undefined = undefined;
  constructor(
    readonly at: number,
    readonly delta: number,
    readonly log: ShiftLog,
    /** The entry's place in its chain (the anchor's is 0): how far behind a node pointing here lags. */
    readonly index: number,
  ) {}
}

/** A tree's chain of shifts. */
export class ShiftLog {
  /**
   * The chain's first entry, which every node of the tree points at once the tree has been brought up
   * to date (restart): the entries after it are then referenced by nothing and collected, and the walk
   * leaves the pointer of nodes that never caught up (most of them) as it is.
   */
  readonly anchor: ShiftEntry;
  /** The newest entry: nodes pointing here are up to date. */
  head: ShiftEntry;
  /** Entries appended since every node of the tree was last brought up to date. */
  pending = 0;
  /** The most pieces any map of this log has had since the last restart. */
  widest = 0;
  /** The maps of entries other than the anchor, least recently used first, and their pieces together. */
  private readonly cached = new Set<ShiftEntry>();
  private cachedPieces = 0;
  private lastUsed: ShiftEntry | undefined = undefined;
  constructor() {
    this.anchor = new ShiftEntry(0, 0, this, 0);
    this.head = this.anchor;
  }
  /** Records that every offset >= `at` (in the current coordinates) moved by `delta`. */
  push(at: number, delta: number): void {
    const entry = new ShiftEntry(at, delta, this, this.head.index + 1);
    this.head.next = entry;
    this.head = entry;
    this.pending++;
  }
  /**
   * The entries after `from` up to the newest composed into one map, or undefined when `from` is so
   * few entries behind that applying them one by one is cheaper than making a map.
   */
  mapFrom(from: ShiftEntry): ShiftMap | undefined {
    let map = from.composed;
    if (map === undefined && this.head.index - from.index <= shiftLogLimits.oneByOne && from !== this.anchor) return undefined;
    const before = map === undefined ? 0 : map.size;
    let entry = from.composedTo;
    if (map === undefined || entry === undefined) {
      map = new ShiftMap();
      entry = from;
      from.composed = map;
    }
    const head = this.head;
    while (entry !== head) {
      entry = entry.next!;
      map.add(entry.at, entry.delta);
    }
    from.composedTo = head;
    if (map.size > this.widest) this.widest = map.size;
    if (from !== this.anchor) this.keep(from, map.size - before);
    return map;
  }
  /**
   * Drops every entry after the anchor, once every node of the tree includes them all and points at
   * the anchor (nodes that left the tree point at FROZEN): the anchor is the newest entry again.
   */
  restart(): void {
    const anchor = this.anchor;
    anchor.next = null;
    anchor.composed = undefined;
    anchor.composedTo = undefined;
    for (const entry of this.cached) {
      entry.composed = undefined;
      entry.composedTo = undefined;
    }
    this.cached.clear();
    this.cachedPieces = 0;
    this.lastUsed = undefined;
    this.head = anchor;
    this.pending = 0;
    this.widest = 0;
  }
  /** Counts `from`'s map as the most recently used, and drops the least recently used past the budget. */
  private keep(from: ShiftEntry, grownBy: number): void {
    this.cachedPieces += grownBy;
    if (this.lastUsed !== from) {
      // A Set iterates in insertion order: taking the entry out and back in makes it the newest.
      this.cached.delete(from);
      this.cached.add(from);
      this.lastUsed = from;
    }
    if (this.cachedPieces <= shiftLogLimits.cacheBudget) return;
    for (const entry of this.cached) {
      if (entry === from || this.cachedPieces <= shiftLogLimits.cacheBudget) break;
      this.cachedPieces -= entry.composed!.size;
      entry.composed = undefined;
      entry.composedTo = undefined;
      this.cached.delete(entry);
    }
  }
}

/** The entry of detached nodes: no edit of any tree moves them again (their offsets stay as they were). */
export const FROZEN = new ShiftLog().head;

/**
 * The map that brings offsets stored as of `from` up to date (see ShiftLog.mapFrom), to pass to
 * `shiftedFrom` for each offset of a node; undefined means the few entries are applied one by one.
 */
export function shiftsFrom(from: ShiftEntry): ShiftMap | undefined {
  return from.log.mapFrom(from);
}

/** `offset`, stored as of `from`, as it is after every later entry. */
export function shiftedFrom(offset: number, from: ShiftEntry, map: ShiftMap | undefined): number {
  if (map !== undefined) return map.apply(offset);
  for (let entry = from.next; entry !== null; entry = entry.next) if (offset >= entry.at) offset += entry.delta;
  return offset;
}
