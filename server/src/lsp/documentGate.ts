// The one answer to "does Polysync analyse this document, at this version": its language (the shared
// rule in protocol/documents.ts), the size limit in force, and, for a request that names a version, that
// the open document is at it. Every handler asks here, the custom requests included, so a document
// the editor shows without diagnostics is never created from, compared or sent either.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isPolysyncDocument } from '../../../protocol/documents';
import { DocumentSizes, StoredDocument } from '../service';

export type GateAnswer =
  | { ok: true; document: TextDocument }
  /** Not open in the server (closed, or never opened). */
  | { ok: false; reason: 'not-open' }
  /** Open, but not a Polysync document (another language, no Polysync `$schema`). */
  | { ok: false; reason: 'not-polysync'; document: TextDocument }
  /** Open at another version than the one the request names. */
  | { ok: false; reason: 'stale'; document: TextDocument }
  /** Over the size limit: `bytes` of `limit`. */
  | { ok: false; reason: 'too-large'; document: TextDocument; bytes: number; limit: number };

export interface OpenDocuments {
  get(uri: string): TextDocument | undefined;
}

/** How long a request may wait for the edits the client sent just before it. */
export const VERSION_WAIT_MS = 2_000;

export class DocumentGate {
  private readonly sizes = new DocumentSizes();

  constructor(
    private readonly documents: OpenDocuments,
    /** The size limit in force, in bytes (it may change while documents are open). */
    private readonly limit: () => number,
  ) {}

  /** The gate's answer for an open document (or none), optionally at a version. */
  check(document: TextDocument | undefined, version?: number): GateAnswer {
    if (!document) return { ok: false, reason: 'not-open' };
    if (!isPolysyncDocument(document)) return { ok: false, reason: 'not-polysync', document };
    if (version !== undefined && document.version !== version) return { ok: false, reason: 'stale', document };
    const limit = this.limit();
    // A stored document keeps its UTF-8 size up to date from each change; others are measured.
    const bytes = this.sizes.over(document.uri, document.version, document.getText(), limit, document instanceof StoredDocument ? () => document.utf8Bytes : undefined);
    if (bytes !== undefined) return { ok: false, reason: 'too-large', document, bytes, limit };
    return { ok: true, document };
  }

  /** The document by URI when Polysync analyses it; undefined otherwise (the answer of most features). */
  analysable(uri: string): TextDocument | undefined {
    const answer = this.check(this.documents.get(uri));
    return answer.ok ? answer.document : undefined;
  }

  /**
   * The gate's answer at the version a request names, waiting briefly (`waitMs`) for edits still on the
   * wire: a client may send a change and then a request on the new version.
   */
  async at(uri: string, version: number, waitMs = VERSION_WAIT_MS): Promise<GateAnswer> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const document = this.documents.get(uri);
      if (!document || document.version >= version || Date.now() >= deadline) return this.check(document, version);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  forget(uri: string): void {
    this.sizes.forget(uri);
  }
}
