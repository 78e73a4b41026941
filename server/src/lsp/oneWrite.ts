// The server's standard output for --stdio, writing each LSP message with one write. The library's
// message writer writes the `Content-Length` header and, once that write has completed, the body: two
// writes to the pipe, so the client wakes up twice per message (for a header it cannot use alone), and
// on a busy machine each wake-up waits for a free core. Here the header is held (and its write reported
// done at once) until the body comes, and both go out in one write. Anything else passes through.
import type { Writable } from 'node:stream';

type Callback = (error?: Error | null) => void;

/** The part of a writable stream the library's message writer uses. */
export interface MessageOutput {
  write(data: string | Uint8Array, encoding?: BufferEncoding | Callback, callback?: Callback): boolean;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  /** Its presence tells the library this is a stream (to wrap in its message writer). */
  addListener(event: string, listener: (...args: unknown[]) => void): unknown;
  off(event: string, listener: (...args: unknown[]) => void): unknown;
  once(event: string, listener: (...args: unknown[]) => void): unknown;
  end(): void;
}

const HEADER = /^Content-Length: \d+\r\n(?:[^\r\n]*\r\n)*\r\n$/;

export function oneWritePerMessage(target: Writable): MessageOutput {
  let header: Buffer | undefined;
  const output: MessageOutput = {
    write(data, encoding, callback) {
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof data === 'string' && header === undefined && HEADER.test(data)) {
        header = Buffer.from(data, 'ascii');
        // The library waits for this before it sends the body: say it is done (the header is held, not lost).
        if (done) process.nextTick(done);
        return true;
      }
      if (header !== undefined) {
        const body = typeof data === 'string' ? Buffer.from(data, typeof encoding === 'string' ? encoding : 'utf8') : data;
        const message = Buffer.concat([header, body]);
        header = undefined;
        return target.write(message, done);
      }
      return typeof encoding === 'string' ? target.write(data, encoding, done) : target.write(data, done);
    },
    on: (event, listener) => target.on(event, listener),
    addListener: (event, listener) => target.addListener(event, listener),
    off: (event, listener) => target.off(event, listener),
    once: (event, listener) => target.once(event, listener),
    end: () => target.end(),
  };
  return output;
}
