// Many shifts composed into one map from the offsets of one moment to the offsets of a later one, read
// in O(log k) for k places edited, so that the log of pending shifts (shiftLog.ts) can hold thousands of
// edits in different places before the tree has to be walked.
//
// An edit that replaces [start, oldEnd) with text ending at newEnd moves every offset >= oldEnd by
// delta = newEnd - oldEnd. No node of the tree has an offset inside [start, oldEnd) when that happens
// (the node read again contains the change strictly, its old children leave the tree, see treeEdit.ts),
// so the shift may do anything there. Here a deletion sends the offsets in [newEnd, oldEnd) to newEnd:
//
//   shift(x) = x                 for x < at + delta (below the change, or anything before an insertion)
//            = at + delta        for at + delta <= x < at (delta < 0: the deleted characters)
//            = x + delta         for x >= at
//
// which equals the edit's shift wherever a node can be and, unlike it, never decreases. A composition of
// such shifts never decreases either: the offsets reaching `at` are those from one point on, which a
// binary search finds, and each shift adds at most two breakpoints.
//
// The map is stored as pieces, sorted by their first offset (in the earlier moment's offsets): each piece
// either moves its offsets by a constant, or sends all of them to one offset (the deleted characters).
// Offsets before the first piece do not move.

import { lastAtOrBefore } from '../../util/sortedSearch';

export class ShiftMap {
  /** The first offset of each piece, ascending. */
  private starts: number[] = [];
  /** Each piece's delta, or the one offset a flat piece sends its offsets to. */
  private values: number[] = [];
  /** Whether each piece is flat (a deleted range). */
  private flat: boolean[] = [];

  /** The number of pieces: the cost of composing one more shift into the map, and its memory. */
  get size(): number {
    return this.starts.length;
  }

  /** Where `offset` is after every shift composed so far. */
  apply(offset: number): number {
    const piece = this.pieceAt(offset);
    if (piece < 0) return offset;
    return this.flat[piece] ? this.values[piece] : offset + this.values[piece];
  }

  /**
   * Composes the shift that moves every offset >= `at` (in the offsets after the shifts so far) by
   * `delta`, as described at the top of the file.
   */
  add(at: number, delta: number): void {
    if (delta === 0) return;
    if (delta > 0) {
      const from = this.split(this.firstReaching(at));
      this.move(from, delta);
      this.mergeAt(from);
      return;
    }
    const deletedFrom = this.firstReaching(at + delta);
    const after = this.firstReaching(at);
    let from = this.split(deletedFrom);
    let to = this.split(after);
    if (from < to) {
      // The pieces inside [deletedFrom, after) become one flat piece.
      this.starts.splice(from + 1, to - from - 1);
      this.values.splice(from + 1, to - from - 1);
      this.flat.splice(from + 1, to - from - 1);
      to = from + 1;
      this.values[from] = at + delta;
      this.flat[from] = true;
    }
    this.move(to, delta);
    this.mergeAt(to);
    from = Math.min(from, this.starts.length);
    this.mergeAt(from);
  }

  /**
   * Makes this map (offsets of moment m+1 to a later moment) the map from moment m, given the shift
   * (at, delta) that moved moment m's offsets to m+1's: the same map with one more shift composed
   * before the others rather than after them. Linear in the pieces; a walk that needs the maps of
   * every entry builds them this way from the newest back (treeEdit.ts).
   */
  addBefore(at: number, delta: number): void {
    if (delta === 0) return;
    const starts: number[] = [];
    const values: number[] = [];
    const flat: boolean[] = [];
    const push = (start: number, value: number, isFlat: boolean) => {
      const last = starts.length - 1;
      // A piece that continues the one before it (or, first, moves nothing) adds no breakpoint.
      if (last < 0 ? !isFlat && value === 0 : flat[last] === isFlat && values[last] === value) return;
      starts.push(start);
      values.push(value);
      flat.push(isFlat);
    };
    // Where the shift sends `at` (and everything after it): from there on this map's pieces apply.
    const landing = at + Math.min(delta, 0) + Math.max(delta, 0);
    const cut = delta > 0 ? at : at + delta;
    const n = this.starts.length;
    let i = 0;
    for (; i < n && this.starts[i] < cut; i++) push(this.starts[i], this.values[i], this.flat[i]);
    if (delta < 0) push(cut, this.apply(cut), true); // the deleted characters all go where the deletion ends
    const from = this.pieceAt(landing);
    // Offsets from `at` on read this map delta further on: moving pieces keep their value plus delta.
    const moved = (k: number) => (k < 0 ? delta : this.flat[k] ? this.values[k] : this.values[k] + delta);
    push(at, moved(from), from >= 0 && this.flat[from]);
    for (let k = from + 1; k < n; k++) push(this.starts[k] - delta, moved(k), this.flat[k]);
    this.starts = starts;
    this.values = values;
    this.flat = flat;
  }

  /** The index of the last piece starting at or before `offset`, or -1. */
  private pieceAt(offset: number): number {
    return lastAtOrBefore(this.starts, offset);
  }

  /** The map's value at the start of piece `i`. */
  private startValue(i: number): number {
    return this.flat[i] ? this.values[i] : this.starts[i] + this.values[i];
  }

  /** The smallest offset the map sends to `target` or beyond (the map never decreases). */
  private firstReaching(target: number): number {
    const starts = this.starts;
    // The last piece whose first offset lands before `target`.
    let low = 0;
    let high = starts.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (this.startValue(mid) < target) low = mid + 1;
      else high = mid - 1;
    }
    const next = high + 1 < starts.length ? starts[high + 1] : Infinity;
    if (high < 0) return Math.min(target, next); // before the first piece offsets do not move
    if (this.flat[high]) return next;
    return Math.min(target - this.values[high], next);
  }

  /** Makes `offset` the start of a piece (splitting the one containing it) and returns that piece's index. */
  private split(offset: number): number {
    const piece = this.pieceAt(offset);
    if (piece >= 0 && this.starts[piece] === offset) return piece;
    const at = piece + 1;
    this.starts.splice(at, 0, offset);
    this.values.splice(at, 0, piece < 0 ? 0 : this.values[piece]);
    this.flat.splice(at, 0, piece < 0 ? false : this.flat[piece]);
    return at;
  }

  /** Moves the pieces from index `from` on by `delta`. */
  private move(from: number, delta: number): void {
    const values = this.values;
    for (let i = from; i < values.length; i++) values[i] += delta;
  }

  /** Removes the start of piece `i` when it continues the piece before it (or, first, moves nothing). */
  private mergeAt(i: number): void {
    if (i >= this.starts.length) return;
    const same = i === 0 ? !this.flat[0] && this.values[0] === 0 : this.flat[i] === this.flat[i - 1] && this.values[i] === this.values[i - 1];
    if (!same) return;
    this.starts.splice(i, 1);
    this.values.splice(i, 1);
    this.flat.splice(i, 1);
  }
}
