// The document size Polysync checks. Past it, a document gets one diagnostic saying so and every
// other feature answers empty at once: a generated or pasted file of tens of megabytes must not
// hold the server (and every other open document) for seconds on each keystroke.
import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { Codes, SOURCE } from './codes';

const MB = 1024 * 1024;
export const DEFAULT_MAX_DOCUMENT_BYTES = 10 * MB;

/** A limit from settings (`polysync.maxDocumentSizeMB`) or initialization options, or undefined when unusable. */
export function limitFromMegabytes(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value * MB) : undefined;
}

export function limitFromBytes(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : undefined;
}

/** Remembers, per document version, whether it is over the limit (features ask on every request). */
export class DocumentSizes {
  private readonly known = new Map<string, { version: number; limit: number; over: number | undefined }>();

  /**
   * The document's UTF-8 size when it is over `limit` bytes; undefined when it is within it.
   * `utf8Bytes`, when given, is the size as the document store keeps it (no encoding of the text).
   */
  over(uri: string, version: number, text: string, limit: number, utf8Bytes?: () => number): number | undefined {
    const known = this.known.get(uri);
    if (known && known.version === version && known.limit === limit) return known.over;
    const over = bytesOverLimit(text, limit, utf8Bytes);
    this.known.set(uri, { version, limit, over });
    return over;
  }

  forget(uri: string): void {
    this.known.delete(uri);
  }
}

/** The UTF-8 size of `text` when it is over `limit` bytes; undefined when it is within it. */
function bytesOverLimit(text: string, limit: number, utf8Bytes = () => Buffer.byteLength(text, 'utf8')): number | undefined {
  // UTF-8 takes 1 to 3 bytes per UTF-16 unit: the exact count is only needed between those bounds.
  if (text.length > limit) return utf8Bytes();
  if (text.length * 3 <= limit) return undefined;
  const bytes = utf8Bytes();
  return bytes > limit ? bytes : undefined;
}

/** The one diagnostic of a document over the limit, at its start. */
export function tooLargeDiagnostic(bytes: number, limit: number): Diagnostic {
  // Sizes read in megabytes; under one (a limit from the initialization option) in kilobytes.
  const inUnits = (n: number, exact: boolean) => {
    const [unit, name] = n >= MB ? [MB, 'MB'] : [1024, 'KB'];
    return `${exact ? Number((n / unit).toFixed(2)) : (n / unit).toFixed(1)} ${name}`;
  };
  const size = inUnits(bytes, false);
  const allowed = inUnits(limit, true);
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Warning,
    code: Codes.documentTooLarge.code,
    source: SOURCE,
    message: `This document is ${size}, over the ${allowed} limit Polysync checks; raise polysync.maxDocumentSizeMB to check it.`,
  };
}
