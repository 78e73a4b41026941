// A document version's text as the previous flat text with one region replaced, read in place. Every
// new version of a megabyte document used to be one new flat string: splicing the editor's change in
// is free (V8 makes a rope), but the first character read of the rope copies it all into fresh memory,
// which costs far more than a copy on a virtual machine (a page fault every 4 KB: 15 ms for 5 MB here).
// Nothing a check after an edit needs reads more than the edited region and a few characters around
// its findings, so versions are read through this instead; the flat string is made only when someone
// asks for the whole text (getText) and reads it, and the region is folded into a new flat base once
// it grows past REBASE_AT.
export interface TextSource {
  readonly length: number;
  charCodeAt(offset: number): number;
  slice(start: number, end?: number): string;
}

/** Past this many characters in the replaced region, the next version is made one flat string again. */
const REBASE_AT = 1 << 16;

export class EditedText implements TextSource {
  readonly length: number;
  /** End of the replacement in this text's offsets. */
  private readonly midEnd: number;
  private whole: string | undefined;

  private constructor(
    /** A flat string (read before, or made flat on purpose). */
    private readonly base: string,
    /** [start, oldEnd) of `base` is replaced by `mid`. */
    private readonly start: number,
    private readonly oldEnd: number,
    private readonly mid: string,
  ) {
    this.length = base.length - (oldEnd - start) + mid.length;
    this.midEnd = start + mid.length;
  }

  /**
   * `text` with [start, end) replaced by `inserted`: an EditedText while the replaced region stays
   * small, otherwise one flat string (read once, so that V8 copies it now rather than on a later read).
   */
  static replace(text: string | EditedText, start: number, end: number, inserted: string): string | EditedText {
    if (typeof text === 'string') {
      if (end - start + inserted.length <= REBASE_AT) return new EditedText(text, start, end, inserted);
      return flat(text.substring(0, start) + inserted + text.substring(end));
    }
    // The union of this text's region and the new one, in this text's offsets, then in the base's.
    const from = Math.min(text.start, start);
    const to = Math.max(text.midEnd, end);
    const mid = text.slice(from, start) + inserted + text.slice(end, to);
    if (mid.length > REBASE_AT) return flat(text.slice(0, start) + inserted + text.slice(end));
    return new EditedText(text.base, from, to - text.midEnd + text.oldEnd, mid);
  }

  charCodeAt(offset: number): number {
    if (offset < this.start) return this.base.charCodeAt(offset);
    if (offset < this.midEnd) return this.mid.charCodeAt(offset - this.start);
    return this.base.charCodeAt(offset - this.midEnd + this.oldEnd);
  }

  /** As String.prototype.slice (negative offsets count from the end). */
  slice(start: number, end: number = this.length): string {
    const length = this.length;
    start = start < 0 ? Math.max(0, length + start) : Math.min(start, length);
    end = end < 0 ? Math.max(0, length + end) : Math.min(end, length);
    if (end <= start) return '';
    if (end <= this.start) return this.base.slice(start, end);
    if (start >= this.midEnd) return this.base.slice(start - this.midEnd + this.oldEnd, end - this.midEnd + this.oldEnd);
    if (start >= this.start && end <= this.midEnd) return this.mid.slice(start - this.start, end - this.start);
    return this.slice(start, Math.min(end, this.start)) + this.mid.slice(Math.max(start, this.start) - this.start, Math.min(end, this.midEnd) - this.start) + this.slice(Math.max(start, this.midEnd), end);
  }

  /** The whole text as one string (spliced, not read: V8 copies it on the first read). Made once. */
  toString(): string {
    this.whole ??= this.base.substring(0, this.start) + this.mid + this.base.substring(this.oldEnd);
    return this.whole;
  }
}

/** `text`, read once so that V8 makes it one flat string now. */
function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}
