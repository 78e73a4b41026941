// The server's message writer for --stdio: each LSP message is encoded and handed to the pipe in one
// synchronous write. It replaces vscode-jsonrpc's StreamMessageWriter, which for every message
// (1) queues the work behind a semaphore that starts it one turn of the event loop later (setImmediate),
// (2) encodes through a chain of promises, and (3) writes the `Content-Length` header, waits for that
// write, then writes the body: two writes to the pipe, so the client wakes up for a header it cannot use
// alone, and on a busy machine each wake-up waits for a free core. The bytes are the same as the
// library's (`Content-Length: N\r\n\r\n` and the JSON, UTF-8); the order of messages is the order of
// the calls, as the stream keeps it; errors reach onError as the library's writer reports them.
import type { Writable } from 'node:stream';
import type { Message, MessageWriter } from 'vscode-languageserver/node';
// The library as a module object, not a copy of it: see server.ts.
import lsp = require('vscode-languageserver/node');

/** A message as the bytes that go on the wire: its header and its JSON body, in one buffer. */
export function encodeMessage(message: Message): Buffer {
  const body = JSON.stringify(message);
  const length = Buffer.byteLength(body, 'utf8');
  const header = `Content-Length: ${length}\r\n\r\n`;
  const bytes = Buffer.allocUnsafe(header.length + length);
  bytes.write(header, 0, 'latin1');
  bytes.write(body, header.length, 'utf8');
  return bytes;
}

export class OneWriteMessageWriter extends lsp.AbstractMessageWriter implements MessageWriter {
  private errorCount = 0;

  constructor(private readonly target: Writable) {
    super();
    target.on('error', (error: Error) => this.fireError(error));
    target.on('close', () => this.fireClose());
  }

  write(message: Message): Promise<void> {
    let bytes: Buffer;
    try {
      bytes = encodeMessage(message);
    } catch (error) {
      // As the library's writer: a message that cannot be encoded fails its own write only.
      return Promise.reject(error);
    }
    return new Promise<void>((resolve, reject) => {
      this.target.write(bytes, (error) => {
        if (!error) return resolve();
        this.errorCount++;
        this.fireError(error, message, this.errorCount);
        reject(error);
      });
    });
  }

  end(): void {
    this.target.end();
  }
}
