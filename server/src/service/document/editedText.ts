// A document version's text as the previous flat text with a few regions replaced, read in place. Every
// new version of a megabyte document used to be one new flat string: splicing the editor's change in
// is free (V8 makes a rope), but the first character read of the rope copies it all into fresh memory,
// which costs far more than a copy on a virtual machine (a page fault every 4 KB: 15 ms for 5 MB here).
// Nothing a check after an edit needs reads more than the edited regions and a few characters around
// its findings, so versions are read through this instead; the flat string is made only when someone
// asks for the whole text (getText) and reads it.
//
// Edits in several places (multi-cursor typing, moving between far-apart places, a replace-all) each
// keep a region of their own, so that the text between them is never copied: one region spanning two
// far-apart places would hold megabytes. The regions are folded into a new flat base once they hold
// more than REBASE_AT characters together, or once there are more than MAX_REGIONS of them.
import { lastAtOrBefore } from '../../util/sortedSearch';

export interface TextSource {
  readonly length: number;
  charCodeAt(offset: number): number;
  slice(start: number, end?: number): string;
}

/** Past this many characters in the replaced regions together, the next version is made one flat string again. */
const REBASE_AT = 1 << 16;
/** Past this many replaced regions, likewise (reading a character costs a binary search over them). */
const MAX_REGIONS = 256;

/**
 * The replaced regions, sorted and apart (at least one character of the base between two): region i
 * is [starts[i], starts[i] + mids[i].length) of this text, which replaced [oldStarts[i], oldEnds[i]) of
 * the base.
 */
interface Regions {
  readonly starts: readonly number[];
  readonly oldStarts: readonly number[];
  readonly oldEnds: readonly number[];
  readonly mids: readonly string[];
  /** The characters of all mids together. */
  readonly size: number;
}

export class EditedText implements TextSource {
  readonly length: number;
  private whole: string | undefined;

  private constructor(
    /** A flat string (read before, or made flat on purpose). */
    private readonly base: string,
    private readonly regions: Regions,
  ) {
    const last = regions.starts.length - 1;
    this.length = base.length - regions.oldEnds[last] + regions.starts[last] + regions.mids[last].length;
  }

  /**
   * `text` with [start, end) replaced by `inserted`: an EditedText while the replaced regions stay
   * small and few, otherwise one flat string (read once, so that V8 copies it now rather than on a
   * later read).
   */
  static replace(text: string | EditedText, start: number, end: number, inserted: string): string | EditedText {
    if (typeof text === 'string') {
      if (end - start + inserted.length <= REBASE_AT) return new EditedText(text, { starts: [start], oldStarts: [start], oldEnds: [end], mids: [inserted], size: inserted.length });
      return flat(text.substring(0, start) + inserted + text.substring(end));
    }
    const { starts, oldStarts, oldEnds, mids } = text.regions;
    // The regions the change touches (overlaps, or meets at either end) become one with it.
    let first = 0;
    while (first < starts.length && starts[first] + mids[first].length < start) first++;
    let last = first;
    while (last < starts.length && starts[last] <= end) last++;
    // Regions [first, last) are merged; the new region spans [from, to) of this text.
    const from = first < last ? Math.min(start, starts[first]) : start;
    const to = first < last ? Math.max(end, starts[last - 1] + mids[last - 1].length) : end;
    const mid = text.slice(from, start) + inserted + text.slice(end, to);
    const size = text.regions.size - sumOfLengths(mids, first, last) + mid.length;
    if (size > REBASE_AT || starts.length - (last - first) + 1 > MAX_REGIONS) return flat(text.slice(0, start) + inserted + text.slice(end));
    // Where `from` and `to` were in the base: outside every region, offsets differ from the base's by
    // what the regions before them added.
    const oldFrom = first < last && starts[first] === from ? oldStarts[first] : from - text.addedBefore(first);
    const oldTo = first < last && starts[last - 1] + mids[last - 1].length === to ? oldEnds[last - 1] : to - text.addedBefore(last);
    const delta = inserted.length - (end - start);
    const shiftedStarts = starts.slice(last).map((s) => s + delta);
    return new EditedText(text.base, {
      starts: [...starts.slice(0, first), from, ...shiftedStarts],
      oldStarts: [...oldStarts.slice(0, first), oldFrom, ...oldStarts.slice(last)],
      oldEnds: [...oldEnds.slice(0, first), oldTo, ...oldEnds.slice(last)],
      mids: [...mids.slice(0, first), mid, ...mids.slice(last)],
      size,
    });
  }

  /** What the regions before region `i` added to the length: this text's offsets minus the base's, between i - 1 and i. */
  private addedBefore(i: number): number {
    if (i === 0) return 0;
    const { starts, oldEnds, mids } = this.regions;
    return starts[i - 1] + mids[i - 1].length - oldEnds[i - 1];
  }

  /** The index of the last region starting at or before `offset`, or -1. */
  private regionAt(offset: number): number {
    return lastAtOrBefore(this.regions.starts, offset);
  }

  charCodeAt(offset: number): number {
    const i = this.regionAt(offset);
    if (i < 0) return this.base.charCodeAt(offset);
    const { starts, mids, oldEnds } = this.regions;
    const inside = offset - starts[i];
    if (inside < mids[i].length) return mids[i].charCodeAt(inside);
    return this.base.charCodeAt(offset - starts[i] - mids[i].length + oldEnds[i]);
  }

  /** As String.prototype.slice (negative offsets count from the end). */
  slice(start: number, end: number = this.length): string {
    const length = this.length;
    start = start < 0 ? Math.max(0, length + start) : Math.min(start, length);
    end = end < 0 ? Math.max(0, length + end) : Math.min(end, length);
    if (end <= start) return '';
    const { starts, mids, oldEnds } = this.regions;
    let i = this.regionAt(start);
    let out = '';
    let at = start;
    while (at < end) {
      if (i < 0) {
        // Before the first region: the base as it is.
        const stop = Math.min(end, starts[0]);
        out += this.base.slice(at, stop);
        at = stop;
        i = 0;
        continue;
      }
      const midEnd = starts[i] + mids[i].length;
      if (at < midEnd) {
        const stop = Math.min(end, midEnd);
        out += mids[i].slice(at - starts[i], stop - starts[i]);
        at = stop;
        continue;
      }
      // After region i, up to the next one: the base, moved by what the regions up to i added.
      const stop = i + 1 < starts.length ? Math.min(end, starts[i + 1]) : end;
      const moved = midEnd - oldEnds[i];
      out += this.base.slice(at - moved, stop - moved);
      at = stop;
      i++;
    }
    return out;
  }

  /** The whole text as one string (spliced, not read: V8 copies it on the first read). Made once. */
  toString(): string {
    this.whole ??= this.slice(0);
    return this.whole;
  }
}

function sumOfLengths(strings: readonly string[], from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += strings[i].length;
  return sum;
}

/** `text`, read once so that V8 makes it one flat string now. */
function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}
