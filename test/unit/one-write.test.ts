// The server's message writer over --stdio (lsp/oneWrite.ts): each message reaches the pipe in one
// write, at once (no turn of the event loop first), byte for byte what the library's own writer sends in
// two, in the order of the calls; a failed write reaches onError as the library reports it.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { StreamMessageWriter } from 'vscode-languageserver/node';
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
