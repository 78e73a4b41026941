// The server's output over --stdio (lsp/oneWrite.ts): the library's message writer sends a header and
// then a body; through oneWritePerMessage each message reaches the pipe in one write, byte for byte what
// the two writes would have made, so the client wakes up once per message.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { StreamMessageWriter } from 'vscode-languageserver/node';
import { oneWritePerMessage } from '../../server/src/lsp/oneWrite';

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
  { jsonrpc: '2.0', method: 'window/logMessage', params: { type: 3, message: 'naïve ✓ 😀' } },
  { jsonrpc: '2.0', id: 2, result: null },
];

test('each message the library writes reaches the target in one write, the same bytes as without it', async () => {
  const direct = recorder();
  const joined = recorder();
  const plain = new StreamMessageWriter(direct.stream);
  const single = new StreamMessageWriter(oneWritePerMessage(joined.stream) as unknown as NodeJS.WritableStream);
  for (const message of messages) {
    await plain.write(message);
    await single.write(message);
  }
  assert.equal(direct.writes.length, messages.length * 2, 'the library alone writes header and body apart');
  assert.equal(joined.writes.length, messages.length);
  assert.deepEqual(Buffer.concat(joined.writes), Buffer.concat(direct.writes));
  for (const [i, write] of joined.writes.entries()) {
    const text = write.toString('utf8');
    assert.match(text, /^Content-Length: \d+\r\n\r\n\{/);
    assert.deepEqual(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)), messages[i]);
  }
});

test('writes that are not a message header pass through as they are', async () => {
  const target = recorder();
  const output = oneWritePerMessage(target.stream);
  await new Promise<void>((resolve) => output.write('not a header\n', 'utf8', () => resolve()));
  await new Promise<void>((resolve) => output.write(Buffer.from([1, 2, 3]), () => resolve()));
  assert.deepEqual(target.writes.map((w) => [...w]), [[...Buffer.from('not a header\n')], [1, 2, 3]]);
});

test('an error of the target reaches the writer of the message', async () => {
  const failing = new Writable({
    write(_chunk, _encoding, callback) {
      callback(new Error('pipe closed'));
    },
  });
  failing.on('error', () => undefined);
  const writer = new StreamMessageWriter(oneWritePerMessage(failing) as unknown as NodeJS.WritableStream);
  const errors: unknown[] = [];
  writer.onError((e) => errors.push(e));
  await assert.rejects(writer.write(messages[0]), /pipe closed/);
  assert.ok(errors.length > 0);
});
