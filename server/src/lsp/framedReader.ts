// The server's message reader for --stdio: reads `Content-Length`-framed JSON messages from the input
// stream and hands each to the connection as its chunk arrives. It replaces vscode-jsonrpc's
// StreamMessageReader, which for every message builds a Map of the headers, then queues the decoding
// behind a semaphore that starts it one turn of the event loop later (setImmediate) and decodes through
// two promises. On a keystroke (didChange and textDocument/diagnostic, usually in one chunk) that is two
// more turns and their microtask checkpoints before the connection even queues the messages, on a
// process that was idle and whose caches went cold. The connection still queues and orders what it is
// handed, so handing messages over at once changes no order; only Content-Length matters in the header,
// as for the library (which ignores Content-Type and decodes UTF-8).
import type { Readable } from 'node:stream';
import type { DataCallback, Disposable, Message, MessageReader } from 'vscode-languageserver/node';
// The library as a module object, not a copy of it: see server.ts.
import lsp = require('vscode-languageserver/node');

const HEADER_END = Buffer.from('\r\n\r\n', 'latin1');

export class FramedMessageReader extends lsp.AbstractMessageReader implements MessageReader {
  /** Bytes received and not yet handed over, as received: joined only once a whole message is there. */
  private chunks: Buffer[] = [];
  private received = 0;
  /** Bytes the first message in `chunks` needs in all (header included), once its header is read; else -1. */
  private needed = -1;
  private callback: DataCallback | undefined;
  private partialTimer: ReturnType<typeof setTimeout> | undefined;
  /** As the library's reader: how long a message may stay incomplete before onPartialMessage hears of it. */
  partialMessageTimeout = 10_000;
  /** Whether a `shutdown` request has been read: how the process exits when its input ends (main.ts). */
  shutdownRequested = false;

  constructor(private readonly input: Readable) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    const onData = (chunk: Buffer) => this.onData(chunk);
    const onError = (error: Error) => this.fireError(error);
    const onClose = () => this.fireClose();
    this.input.on('data', onData);
    this.input.on('error', onError);
    this.input.on('close', onClose);
    return {
      dispose: () => {
        this.input.off('data', onData);
        this.input.off('error', onError);
        this.input.off('close', onClose);
        this.clearPartialTimer();
      },
    };
  }

  override dispose(): void {
    super.dispose();
    this.clearPartialTimer();
  }

  private onData(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.received += chunk.length;
    // A long message (opening a large document) arrives in many chunks: wait for all of them instead of
    // joining the bytes again on each.
    if (this.needed >= 0 && this.received < this.needed) return this.armPartialTimer();
    const bytes = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.received);
    this.chunks = [];
    this.received = 0;
    this.needed = -1;
    let at = 0;
    while (at < bytes.length) {
      const headerEnd = bytes.indexOf(HEADER_END, at);
      if (headerEnd < 0) break;
      const length = this.contentLength(bytes.toString('latin1', at, headerEnd));
      const bodyStart = headerEnd + HEADER_END.length;
      if (length === undefined) {
        // Reported; the header is dropped and reading goes on after it, as the library's reader does.
        at = bodyStart;
        continue;
      }
      if (bodyStart + length > bytes.length) {
        this.needed = bodyStart + length - at;
        break;
      }
      const body = bytes.toString('utf8', bodyStart, bodyStart + length);
      at = bodyStart + length;
      this.clearPartialTimer();
      this.deliver(body);
    }
    if (at < bytes.length) {
      const rest = at === 0 ? bytes : bytes.subarray(at);
      this.chunks.push(rest);
      this.received = rest.length;
      if (this.needed >= 0) this.armPartialTimer();
    }
  }

  /** The Content-Length of a header block (without its final blank line); undefined, reported, when there is none. */
  private contentLength(header: string): number | undefined {
    let value: string | undefined;
    for (const line of header.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon < 0) {
        this.fireError(new Error(`Message header must separate key and value using ':'\n${line}`));
        return undefined;
      }
      if (line.slice(0, colon).toLowerCase() === 'content-length') value = line.slice(colon + 1).trim();
    }
    if (value === undefined) {
      this.fireError(new Error(`Header must provide a Content-Length property.\n${header}`));
      return undefined;
    }
    const length = parseInt(value, 10);
    if (!(length >= 0)) {
      this.fireError(new Error(`Content-Length value must be a number. Got ${value}`));
      return undefined;
    }
    return length;
  }

  private deliver(body: string): void {
    let message: Message;
    try {
      message = JSON.parse(body) as Message;
    } catch (error) {
      this.fireError(error);
      return;
    }
    const request = message as { id?: unknown; method?: unknown };
    if (request.method === 'shutdown' && request.id !== undefined) this.shutdownRequested = true;
    try {
      this.callback?.(message);
    } catch (error) {
      this.fireError(error);
    }
  }

  private armPartialTimer(): void {
    this.clearPartialTimer();
    if (this.partialMessageTimeout <= 0) return;
    const waitingTime = this.partialMessageTimeout;
    this.partialTimer = setTimeout(() => {
      this.partialTimer = undefined;
      this.firePartialMessage({ messageToken: 0, waitingTime });
      this.armPartialTimer();
    }, waitingTime);
  }

  private clearPartialTimer(): void {
    if (this.partialTimer === undefined) return;
    clearTimeout(this.partialTimer);
    this.partialTimer = undefined;
  }
}
