// The server's message writer over --stdio (lsp/oneWrite.ts): each message reaches the pipe in one
// write, at once (no turn of the event loop first), byte for byte what the library's own writer sends in
// two, in the order of the calls; a failed write reaches onError as the library reports it. Given the
// descriptor under the stream, it writes there directly, and through the stream what the descriptor
// does not take at once.
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { StreamMessageWriter } from 'vscode-languageserver/node';
import { encodeMessage } from '../../server/src/lsp/encodeMessage';
import { OneWriteMessageWriter } from '../../server/src/lsp/oneWrite';

/** A writable that records each write it gets. */
function recorder(): { stream: Writable; writes: Buffer[] } {
  const writes: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      writes.push(Buffer.from(chunk));
      callback();
    },
  });
  return { stream, writes };
}

const messages = [
  { jsonrpc: '2.0', id: 1, result: { kind: 'full', items: [] } },
  { jsonrpc: '2.0', method: 'window/logMessage', params: { type: 3, message: 'naïve ✓ 😀 \u0000 "quoted" \\ \r\n' } },
  { jsonrpc: '2.0', id: 2, result: null },
  { jsonrpc: '2.0', id: 3, error: { code: -32800, message: 'Request cancelled.' } },
];

test('each message reaches the target in one write, the same bytes as the library writes in two', async () => {
  const direct = recorder();
  const joined = recorder();
  const library = new StreamMessageWriter(direct.stream);
  const ours = new OneWriteMessageWriter(joined.stream);
  for (const message of messages) {
    await library.write(message);
    await ours.write(message);
  }
  assert.equal(direct.writes.length, messages.length * 2, 'the library alone writes header and body apart');
  assert.equal(joined.writes.length, messages.length);
  assert.deepEqual(Buffer.concat(joined.writes), Buffer.concat(direct.writes));
  for (const [i, write] of joined.writes.entries()) {
    const text = write.toString('utf8');
    assert.match(text, /^Content-Length: \d+\r\n\r\n\{/);
    assert.equal(Number(/^Content-Length: (\d+)/.exec(text)![1]), write.length - write.indexOf('\r\n\r\n') - 4, 'the length counts bytes');
    assert.deepEqual(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)), messages[i]);
  }
});

test('the write happens during the call, and messages written without waiting keep their order', () => {
  const target = recorder();
  const writer = new OneWriteMessageWriter(target.stream);
  for (let id = 0; id < 50; id++) void writer.write({ jsonrpc: '2.0', id, result: id } as never);
  // No await: the library's writer would not have written anything yet (it starts one turn later).
  assert.equal(target.writes.length, 50);
  assert.deepEqual(
    target.writes.map((w) => JSON.parse(w.toString('utf8').split('\r\n\r\n')[1]).id),
    Array.from({ length: 50 }, (_, i) => i),
  );
});

test('a failed write rejects and reaches onError with the message and a count, as the library reports it', async () => {
  const failing = new Writable({
    write(_chunk, _encoding, callback) {
      callback(new Error('pipe closed'));
    },
  });
  failing.on('error', () => undefined);
  const writer = new OneWriteMessageWriter(failing);
  const errors: [Error, unknown, number | undefined][] = [];
  writer.onError((e) => errors.push(e));
  await assert.rejects(writer.write(messages[0]), /pipe closed/);
  assert.ok(errors.some(([error, message, count]) => /pipe closed/.test(error.message) && message === messages[0] && count === 1));
});

test('a message that cannot be encoded fails its own write and the next one still goes out', async () => {
  const target = recorder();
  const writer = new OneWriteMessageWriter(target.stream);
  await assert.rejects(writer.write({ jsonrpc: '2.0', id: 1, result: 1n } as never), TypeError);
  await writer.write(messages[2]);
  assert.equal(target.writes.length, 1);
});

test('the target closing reaches onClose', async () => {
  const target = recorder();
  const writer = new OneWriteMessageWriter(target.stream);
  const closed = new Promise<void>((resolve) => writer.onClose(() => resolve()));
  target.stream.destroy();
  await closed;
});

test("drops the server's own answer to an initialize the launcher answered, once, and reports when it differs", async () => {
  const result = { capabilities: { hoverProvider: true } };
  const early = { id: 1, json: JSON.stringify({ jsonrpc: '2.0', id: 1, result }) };
  const same = recorder();
  const mismatches: string[] = [];
  const writer = new OneWriteMessageWriter(same.stream, { early, mismatch: (line) => mismatches.push(line) });
  await writer.write({ jsonrpc: '2.0', method: 'window/logMessage', params: { type: 3, message: 'before' } } as never);
  await writer.write({ jsonrpc: '2.0', id: 1, result } as never);
  await writer.write({ jsonrpc: '2.0', id: 1, result: null } as never);
  assert.equal(same.writes.length, 2, 'the notification and the later message with the same id are written, the answer is not');
  assert.match(same.writes[0].toString(), /before/);
  assert.equal(mismatches.length, 0);

  const other = recorder();
  const differs = new OneWriteMessageWriter(other.stream, { early, mismatch: (line) => mismatches.push(line) });
  await differs.write({ jsonrpc: '2.0', id: 1, result: { capabilities: {} } } as never);
  assert.equal(other.writes.length, 0);
  assert.equal(mismatches.length, 1);
  assert.match(mismatches[0], /differs from the server's own/);
});

/** A connected pair of Unix domain sockets: real descriptors, whose buffers fill when nobody reads. */
async function socketPair(): Promise<{ writing: Socket; reading: Socket; close(): void }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'one-write-'));
  const where = path.join(dir, 'pair.sock');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(where, resolve));
  const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
  const writing = connect(where);
  await new Promise<void>((resolve) => writing.once('connect', resolve));
  const reading = await accepted;
  reading.pause();
  return {
    writing,
    reading,
    close() {
      writing.destroy();
      reading.destroy();
      server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function descriptorOf(socket: Socket): number {
  return (socket as unknown as { _handle: { fd: number } })._handle.fd;
}

async function readUntil(socket: Socket, length: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let got = 0;
  return new Promise((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      got += chunk.length;
      if (got >= length) resolve(Buffer.concat(chunks));
    });
    socket.resume();
  });
}

test('given the descriptor, a message goes straight to it during the call, the bytes the stream would write', async () => {
  const pair = await socketPair();
  try {
    const streamWrites: Buffer[] = [];
    const write = pair.writing.write.bind(pair.writing);
    pair.writing.write = ((chunk: Buffer, ...rest: never[]) => (streamWrites.push(chunk), write(chunk, ...rest))) as typeof pair.writing.write;
    const writer = new OneWriteMessageWriter(pair.writing, undefined, descriptorOf(pair.writing));
    const expected = Buffer.concat(messages.map((m) => encodeMessage(m as never)));
    const pending = messages.map((m) => writer.write(m as never));
    assert.equal(streamWrites.length, 0, 'nothing went through the stream');
    await Promise.all(pending);
    assert.deepEqual(await readUntil(pair.reading, expected.length), expected);
  } finally {
    pair.close();
  }
});

test('what the descriptor does not take (a full buffer) goes through the stream, and the messages after it too, in order', async () => {
  const pair = await socketPair();
  try {
    const fd = descriptorOf(pair.writing);
    // Fill the socket's buffer until the descriptor refuses more.
    const filler = Buffer.alloc(16_384, 120);
    let filled = 0;
    for (;;) {
      try {
        const n = writeSync(fd, filler);
        filled += n;
        if (n < filler.length) break;
      } catch (error) {
        assert.equal((error as NodeJS.ErrnoException).code, 'EAGAIN');
        break;
      }
    }
    const writer = new OneWriteMessageWriter(pair.writing, undefined, fd);
    const first = writer.write(messages[0] as never);
    assert.ok(pair.writing.writableLength > 0, 'the first message waits in the stream');
    const second = writer.write(messages[1] as never);
    const expected = Buffer.concat([encodeMessage(messages[0] as never), encodeMessage(messages[1] as never)]);
    const received = await readUntil(pair.reading, filled + expected.length);
    await Promise.all([first, second]);
    assert.deepEqual(received.subarray(filled), expected);
    // Once the stream has written everything, the next message goes straight to the descriptor again.
    const third = encodeMessage(messages[2] as never);
    const more = readUntil(pair.reading, third.length);
    void writer.write(messages[2] as never);
    assert.equal(pair.writing.writableLength, 0);
    assert.deepEqual((await more).subarray(-third.length), third);
  } finally {
    pair.close();
  }
});

test('a descriptor that refuses the write rejects it and reaches onError with the message and a count', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'one-write-'));
  const file = path.join(dir, 'read-only');
  writeFileSync(file, '');
  const fd = openSync(file, 'r');
  try {
    const target = recorder();
    const writer = new OneWriteMessageWriter(target.stream, undefined, fd);
    const errors: [Error, unknown, number | undefined][] = [];
    writer.onError((e) => errors.push(e));
    await assert.rejects(writer.write(messages[0]), { code: 'EBADF' });
    assert.equal(errors.length, 1);
    assert.equal(errors[0][1], messages[0]);
    assert.equal(errors[0][2], 1);
    assert.equal(target.writes.length, 0);
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
});
