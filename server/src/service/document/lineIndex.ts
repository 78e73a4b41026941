// Line starts of a text, and positions (line, UTF-16 character) to and from offsets. One index per
// document version, shared by the document store (which applies the editor's changes with it) and the
// parsed document (which places diagnostics with it): each version's index is derived from the previous
// one by keeping the line starts before the change, reading the changed region and shifting the rest.
import type { Position } from 'vscode-languageserver-types';
import type { TextChange } from './treeEdit';
import type { TextSource } from './editedText';

export type { TextChange };

/** Lines end at \r\n, \r or \n (as in LSP and vscode-languageserver-textdocument). */
export class LineIndex {
  private constructor(
    /** The text, read in place: an edited version's text is not made one string for its index (editedText.ts). */
    private readonly source: TextSource,
    // A typed array: compact, and moved natively when the next version derives its index. A view of
    // `buffer`, which has room to spare.
    private starts: Int32Array,
    private buffer: Int32Array,
    // Typing moves every line after the cursor by the same amount on each keystroke. Rather than adding
    // it to every stored start (a walk over the whole array per keystroke on a large document), the
    // lines from `shiftFrom` on hold their starts less `shift`: a line's start is its stored value,
    // plus `shift` from that line on. The next keystroke on the same line only changes `shift`.
    private shiftFrom = Number.MAX_SAFE_INTEGER,
    private shift = 0,
  ) {}

  /**
   * The next version's index took this one's buffer over (edited() shifts the line starts in place:
   * a new array per keystroke is fresh memory, which costs more than the shift itself on a megabyte
   * document). This index then reads its text again if it is ever asked.
   */
  private handedOver = false;

  /** The line starts, read again from the text if the buffer was handed over to the next version. */
  private lineStarts(): Int32Array {
    if (this.handedOver) {
      const rebuilt = LineIndex.build(typeof this.source === 'string' ? this.source : this.source.toString());
      this.starts = rebuilt.starts;
      this.buffer = rebuilt.buffer;
      this.shiftFrom = Number.MAX_SAFE_INTEGER;
      this.shift = 0;
      this.handedOver = false;
    }
    return this.starts;
  }

  /** Where line `line` starts, given the stored starts (this.lineStarts()). */
  private startAt(starts: Int32Array, line: number): number {
    return line >= this.shiftFrom ? starts[line] + this.shift : starts[line];
  }

  /** The number of lines that start before `offset` (the index of the first that starts at or after it). */
  private linesBefore(starts: Int32Array, offset: number): number {
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.startAt(starts, mid) < offset) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private static of(source: TextSource, starts: number[]): LineIndex {
    const buffer = new Int32Array(starts.length + (starts.length >> 4) + 16);
    buffer.set(starts);
    return new LineIndex(source, buffer.subarray(0, starts.length), buffer);
  }

  static build(text: string): LineIndex {
    const starts: number[] = [0];
    if (text.indexOf('\r') < 0) {
      // The common case: only \n, found by the engine's native search.
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      return LineIndex.of(text, starts);
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (c === 10 /* \n */) {
        starts.push(i + 1);
      }
    }
    return LineIndex.of(text, starts);
  }

  /** The whole text. */
  get text(): string {
    return typeof this.source === 'string' ? this.source : this.source.toString();
  }

  get lineCount(): number {
    return this.lineStarts().length;
  }

  /** The offset where a line (0 <= line < lineCount) starts. */
  lineStart(line: number): number {
    return this.startAt(this.lineStarts(), line);
  }

  /** The offset where a line's content ends, before its line break. */
  contentEnd(line: number): number {
    const starts = this.lineStarts();
    const start = this.startAt(starts, line);
    const text = this.source;
    let end = line + 1 < starts.length ? this.startAt(starts, line + 1) : text.length;
    while (end > start && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13)) end--;
    return end;
  }

  /**
   * The index of `text`, which is this index's text with [start, oldEnd) replaced by [start, newEnd)
   * of `text`. Whether an offset p > 0 starts a line depends only on the characters at p - 1 and p, so
   * line starts before `start` are kept, those after `oldEnd` are shifted, and only [start, newEnd] of
   * the new text is read (which also covers a \r\n pair that the edit joins or splits).
   */
  edited(text: TextSource, change: TextChange): LineIndex {
    const old = this.lineStarts();
    // Offset 0 always starts a line; the first offset the change can affect is max(start, 1).
    const from = Math.max(change.start, 1);
    const keep = this.linesBefore(old, from);
    const after = this.linesBefore(old, change.oldEnd + 1);
    const added: number[] = [];
    for (let p = from; p <= change.newEnd; p++) if (startsLine(text, p)) added.push(p);
    const count = keep + added.length + old.length - after;
    const delta = change.newEnd - change.oldEnd;
    const tail = keep + added.length;
    let buffer = this.buffer;
    let shiftFrom = this.shiftFrom;
    let shift = this.shift;
    if (tail === after && shiftFrom < old.length) {
      // The same lines, moved: the lines from `tail` on move by delta. The pending shift is carried
      // over to start at `tail`, which costs a walk over the lines between the two edits only.
      if (shiftFrom < tail) {
        for (let j = shiftFrom; j < tail; j++) buffer[j] += shift;
      } else {
        for (let j = tail; j < shiftFrom; j++) buffer[j] -= shift;
      }
      shiftFrom = tail;
      shift += delta;
      this.handedOver = true;
    } else {
      // Lines were added or removed (or nothing is pending): the stored starts are made exact first.
      if (shiftFrom < old.length) {
        for (let j = shiftFrom; j < old.length; j++) buffer[j] += shift;
        this.handedOver = true;
      }
      if (count <= buffer.length) {
        // In place: the starts after the change move to their new slots, then the new ones go in.
        if (tail !== after) buffer.copyWithin(tail, after, old.length);
        this.handedOver = true;
      } else {
        buffer = new Int32Array(count + (count >> 4) + 16);
        buffer.set(old.subarray(0, keep));
        buffer.set(old.subarray(after), tail);
      }
      shiftFrom = tail;
      shift = delta;
    }
    for (let i = 0; i < added.length; i++) buffer[keep + i] = added[i];
    return new LineIndex(text, buffer.subarray(0, count), buffer, shiftFrom, shift);
  }

  positionAt(offset: number): Position {
    const text = this.source;
    offset = Math.max(0, Math.min(offset, text.length));
    const starts = this.lineStarts();
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.startAt(starts, mid) <= offset) low = mid;
      else high = mid - 1;
    }
    const start = this.startAt(starts, low);
    // Between \r and \n is no position an editor knows: it is the end of the line, before the \r.
    if (offset > start && text.charCodeAt(offset) === 10 && text.charCodeAt(offset - 1) === 13) offset--;
    return { line: low, character: offset - start };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    const starts = this.lineStarts();
    if (position.line >= starts.length) return this.source.length;
    const start = this.startAt(starts, position.line);
    // LSP: a character past the line's end means the end of the line, before its line break.
    return Math.max(start, Math.min(start + position.character, this.contentEnd(position.line)));
  }
}

/** Offset p starts a line: it follows \n, or a \r that is not followed by \n. */
function startsLine(text: TextSource, p: number): boolean {
  const before = text.charCodeAt(p - 1);
  return before === 10 || (before === 13 && text.charCodeAt(p) !== 10);
}
