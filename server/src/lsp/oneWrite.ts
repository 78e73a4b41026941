// The server's message writer for --stdio: each LSP message is encoded and handed to the pipe in one
// synchronous write. It replaces vscode-jsonrpc's StreamMessageWriter, which for every message
// (1) queues the work behind a semaphore that starts it one turn of the event loop later (setImmediate),
// (2) encodes through a chain of promises, and (3) writes the `Content-Length` header, waits for that
// write, then writes the body: two writes to the pipe, so the client wakes up for a header it cannot use
// alone, and on a busy machine each wake-up waits for a free core. The bytes are the same as the
// library's (`Content-Length: N\r\n\r\n` and the JSON, UTF-8); the order of messages is the order of
// the calls, as the stream keeps it; errors reach onError as the library's writer reports them.
import { writeSync } from 'node:fs';
import type { Writable } from 'node:stream';
import type { Message, MessageWriter } from 'vscode-languageserver/node';
// The library as a module object, not a copy of it: see server.ts.
import lsp = require('vscode-languageserver/node');
import type { EarlyInitializeAnswer } from '../boot/handover';
import { encodeMessage } from './encodeMessage';

/**
 * When the launcher answered `initialize` before the server loaded (boot/earlyInitialize.ts), the server
 * still handles that request, and its answer must not reach the client a second time: `early` names it.
 * The server's answer is dropped, and `mismatch` hears of it when it differs from the one written.
 */
export interface AlreadyAnswered {
  early: EarlyInitializeAnswer;
  mismatch(line: string): void;
}

/** Whether `message` is the server's own answer to the request the launcher answered; reports a difference. */
export function isEarlyAnswered(message: Message, { early, mismatch }: AlreadyAnswered): boolean {
  const response = message as { id?: unknown; method?: unknown };
  if (response.method !== undefined || response.id !== early.id) return false;
  const json = JSON.stringify(message);
  if (json !== early.json) mismatch(`The initialize answer written before the server loaded differs from the server's own: ${early.json} against ${json}`);
  return true;
}

/** vscode-jsonrpc's writer over Node's IPC channel (--node-ipc), less the answer the launcher gave already. */
export class IpcWriterAfterEarlyAnswer extends lsp.IPCMessageWriter {
  constructor(
    channel: NodeJS.Process,
    private alreadyAnswered: AlreadyAnswered | undefined,
  ) {
    super(channel);
  }

  override write(message: Message): Promise<void> {
    if (this.alreadyAnswered && isEarlyAnswered(message, this.alreadyAnswered)) {
      this.alreadyAnswered = undefined;
      return Promise.resolve();
    }
    return super.write(message);
  }
}

const WRITTEN = Promise.resolve();

export class OneWriteMessageWriter extends lsp.AbstractMessageWriter implements MessageWriter {
  private errorCount = 0;

  /**
   * `fd`, when given, is the file descriptor under `target` (1 for standard output): while the stream
   * holds nothing back, a message is written to it straight away with one `write` call, without the
   * stream's layers (a Node stream write goes through five functions, a write request and a callback on
   * the next tick before the same system call). What the descriptor does not take at once (a full
   * pipe: EAGAIN, or part of the message) goes through the stream, which waits for room, and so do the
   * messages after it until the stream has written it all: the order is kept.
   */
  constructor(
    private readonly target: Writable,
    private alreadyAnswered?: AlreadyAnswered,
    private readonly fd?: number,
  ) {
    super();
    target.on('error', (error: Error) => this.fireError(error));
    target.on('close', () => this.fireClose());
  }

  write(message: Message): Promise<void> {
    if (this.alreadyAnswered && isEarlyAnswered(message, this.alreadyAnswered)) {
      this.alreadyAnswered = undefined;
      return Promise.resolve();
    }
    let bytes: Buffer;
    try {
      bytes = encodeMessage(message);
    } catch (error) {
      // As the library's writer: a message that cannot be encoded fails its own write only.
      return Promise.reject(error);
    }
    if (this.fd !== undefined && this.target.writableLength === 0 && !this.target.writableEnded && !this.target.destroyed) {
      let written = 0;
      try {
        written = writeSync(this.fd, bytes);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') return this.failed(error as Error, message);
      }
      if (written === bytes.length) return WRITTEN;
      bytes = bytes.subarray(written);
    }
    return new Promise<void>((resolve, reject) => {
      this.target.write(bytes, (error) => {
        if (!error) return resolve();
        this.failed(error, message).catch(reject);
      });
    });
  }

  /** As the library's writer reports a failed write: to onError with the message and a count, and as the write's rejection. */
  private failed(error: Error, message: Message): Promise<void> {
    this.errorCount++;
    this.fireError(error, message, this.errorCount);
    return Promise.reject(error);
  }

  end(): void {
    this.target.end();
  }
}
