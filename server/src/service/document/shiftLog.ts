// The offsets an edit moves, recorded instead of applied. An in-place edit of a parsed tree (treeEdit.ts)
// moves every node after the change by the change's length difference: hundreds of thousands of nodes in
// a 5 MB document, nearly all of which nothing reads before the next edit. Each tree therefore keeps a
// log of its edits, and each node of the tree (treeNodes.ts) remembers the last entry its stored offsets
// include; reading an offset applies the entries after that one, in order, and stores the result.
//
// Entries form a chain per tree: a node points at an entry, the tree's log at the newest. One document's
// edits can never move another's nodes, since the chains are separate; nodes that left their tree point
// at FROZEN, which never gains an entry.

/** One edit's shift: in the coordinates of its moment, every offset >= `at` moved by `delta`. */
export class ShiftEntry {
  /** The next edit's entry; null while this one is the newest. */
  next: ShiftEntry | null = null;
  /**
   * The entries after this one up to `composedTo`, composed (shiftSteps), for the nodes still pointing
   * here: built once, then extended, so that each such node applies a few steps, not every entry.
   */
  composed: number[] | undefined = undefined;
  composedTo: ShiftEntry | undefined = undefined;
  constructor(
    readonly at: number,
    readonly delta: number,
    readonly log: ShiftLog,
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
  constructor() {
    this.anchor = new ShiftEntry(0, 0, this);
    this.head = this.anchor;
  }
  /** Records that every offset >= `at` (in the current coordinates) moved by `delta`. */
  push(at: number, delta: number): void {
    const entry = new ShiftEntry(at, delta, this);
    this.head.next = entry;
    this.head = entry;
    this.pending++;
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
    this.head = anchor;
    this.pending = 0;
  }
}

/** The entry of detached nodes: no edit of any tree moves them again (their offsets stay as they were). */
export const FROZEN = new ShiftLog().head;

/**
 * The shifts from the entry after `from` to the newest, as steps [at, delta, at, delta, ...] to apply in
 * order, each to the result of the ones before (as the entries themselves): the same result in fewer
 * steps, because consecutive shifts that compose into one shift are merged (see addStep).
 */
export function shiftSteps(from: ShiftEntry): readonly number[] {
  const head = from.log.head;
  let steps = from.composed;
  let entry = from.composedTo;
  if (entry === head) return steps!;
  if (steps === undefined || entry === undefined) {
    steps = [];
    entry = from;
  }
  while (entry !== head) {
    entry = entry.next!;
    addStep(steps, entry.at, entry.delta);
  }
  from.composed = steps;
  from.composedTo = head;
  return steps;
}

/**
 * Appends the shift (at, delta) to `steps`, merged into the last step (a, d) when the two are one shift
 * for every integer x: when a <= at <= a + d, an x >= a becomes x + d >= at and moves again, and an
 * x < a stays below `at`, so both together are (a, d + delta). Typing forward (each character's shift
 * starts where the last one ended) and typing then deleting the same character both merge; a step that
 * ends at delta 0 moves nothing and is dropped.
 */
export function addStep(steps: number[], at: number, delta: number): void {
  const last = steps.length - 2;
  if (last >= 0) {
    const a = steps[last];
    const d = steps[last + 1];
    if (a <= at && at <= a + d) {
      if (d + delta === 0) steps.length = last;
      else steps[last + 1] = d + delta;
      return;
    }
  }
  if (delta !== 0) steps.push(at, delta);
}

/** `offset` moved by the steps. */
export function shifted(offset: number, steps: readonly number[]): number {
  for (let i = 0; i < steps.length; i += 2) if (offset >= steps[i]) offset += steps[i + 1];
  return offset;
}
