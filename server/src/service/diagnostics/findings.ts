// Findings: what a check found, as offsets into the text rather than line/character ranges, so that
// what was found inside a part of the tree an edit left alone can be kept relative to that part and
// reported again at its new place (incremental.ts). A finding becomes a Diagnostic only when it is
// reported through the Reporter, with the current version's line index.
import type { DiagnosticTag } from 'vscode-languageserver-types';
import type { CodeName } from './codes';
import type { FixData, RelatedPlace, Reporter } from './reporter';
import type { JsonNode, ParsedDocument } from '../document/document';

export interface Finding {
  readonly name: CodeName;
  readonly offset: number;
  readonly length: number;
  readonly message: string;
  /**
   * A message that cites a line: `message`, the 1-based line of this offset, then `messageEnd`. The
   * line is worked out when the finding is reported, so an edit above it can never leave it stale.
   */
  readonly citeLineOf?: number;
  readonly messageEnd?: string;
  readonly data?: FixData;
  readonly tags?: DiagnosticTag[];
  readonly related?: readonly RelatedPlace[];
}

const NONE: readonly Finding[] = Object.freeze([]);

/** Copies of findings[from...] with every offset made relative to `base` (no copy when there are none). */
export function relativeTo(findings: readonly Finding[], from: number, base: number): readonly Finding[] {
  if (from >= findings.length) return NONE;
  const out: Finding[] = [];
  for (let i = from; i < findings.length; i++) out.push(moved(findings[i], -base));
  return out;
}

/** Appends `recorded` (relative to a node) to `out`, moved to the node's current offset `base`. */
export function appendAt(recorded: readonly Finding[], base: number, out: Finding[]): void {
  for (let i = 0; i < recorded.length; i++) out.push(moved(recorded[i], base));
}

function moved(finding: Finding, delta: number): Finding {
  // The data, tags and messages are shared: nothing changes a diagnostic's data once it is made.
  const copy: { -readonly [K in keyof Finding]: Finding[K] } = { ...finding, offset: finding.offset + delta };
  if (finding.citeLineOf !== undefined) copy.citeLineOf = finding.citeLineOf + delta;
  if (finding.related) copy.related = finding.related.map((r) => ({ node: { offset: r.node.offset + delta, length: r.node.length }, message: r.message }));
  return copy;
}

/** Reports findings, in order, through `reporter` (which places them with the current line index). */
export function reportFindings(findings: readonly Finding[], reporter: Reporter): void {
  for (const f of findings) {
    const message = f.citeLineOf === undefined ? f.message : `${f.message}${reporter.doc.positionAt(f.citeLineOf).line + 1}${f.messageEnd ?? ''}`;
    reporter.report(f.name, f.offset, f.length, message, f.data, f.tags, f.related ? [...f.related] : undefined);
  }
}

/** A Reporter that records findings instead of making diagnostics (for checks whose results are kept). */
export function recordingReporter(doc: ParsedDocument, out: Finding[]): Reporter {
  return new RecordingReporter(doc, out);
}

class RecordingReporter implements Reporter {
  constructor(
    readonly doc: ParsedDocument,
    private readonly out: Finding[],
  ) {}

  report(name: CodeName, offset: number, length: number, message: string, data?: FixData, tags?: DiagnosticTag[], related?: RelatedPlace[]): void {
    const finding: { -readonly [K in keyof Finding]: Finding[K] } = { name, offset, length, message };
    if (data) finding.data = data;
    if (tags?.length) finding.tags = tags;
    // Spans, not nodes: a kept finding must not hold on to nodes the tree may replace.
    if (related?.length) finding.related = related.map((r) => ({ node: { offset: r.node.offset, length: r.node.length }, message: r.message }));
    this.out.push(finding);
  }

  reportNode(name: CodeName, node: JsonNode, message: string, data?: FixData, tags?: DiagnosticTag[], related?: RelatedPlace[]): void {
    this.report(name, node.offset, node.length, message, data, tags, related);
  }
}

/** Reports findings kept relative to a node, placed at the node's current offset `base`. */
export function reportFindingsAt(recorded: readonly Finding[], base: number, reporter: Reporter): void {
  if (recorded.length === 0) return;
  const placed: Finding[] = [];
  appendAt(recorded, base, placed);
  reportFindings(placed, reporter);
}
