// The server's message reader over --stdio (lsp/framedReader.ts): the messages vscode-jsonrpc's own
// reader reads from the same bytes, however the bytes are split into chunks, handed over during the
// chunk's own event (the library's reader waits a turn of the event loop per message); bad headers and
// bodies reach onError and reading goes on; an incomplete message reaches onPartialMessage.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { StreamMessageReader, type Message } from 'vscode-languageserver/node';
import { FramedMessageReader } from '../../server/src/lsp/framedReader';

function frame(message: object, extraHeader = ''): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n${extraHeader}\r\n`, 'latin1'), body]);
}

const messages = [
  { jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } },
  { jsonrpc: '2.0', method: 'textDocument/didChange', params: { text: 'naïve ✓ 😀 \u0000 "quoted" \\ \r\n\r\n Content-Length: 3' } },
  { jsonrpc: '2.0', id: 'two', method: 'textDocument/diagnostic', params: { textDocument: { uri: 'file:///a.polysync.json' } } },
  { jsonrpc: '2.0', id: 3, result: null },
];
const bytes = Buffer.concat([frame(messages[0]), frame(messages[1], 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n'), frame(messages[2]), frame(messages[3])]);

/** A readable the test pushes chunks into; flowing once a reader listens. */
async function source(): Promise<Readable> {
  return new Readable({ read() {} });
}

async function readAll(reader: { listen(callback: (message: Message) => void): unknown }, input: Readable, chunks: Buffer[]): Promise<Message[]> {
  const read: Message[] = [];
  reader.listen((message) => read.push(message));
  await new Promise((resolve) => setImmediate(resolve));
  for (const chunk of chunks) input.push(chunk);
  // The library's reader hands messages over on later turns; give it enough of them.
  for (let i = 0; i < 20 && read.length < messages.length; i++) await new Promise((resolve) => setImmediate(resolve));
  return read;
}

function splitAt(buffer: Buffer, cuts: number[]): Buffer[] {
  const chunks: Buffer[] = [];
  let from = 0;
  for (const cut of [...cuts, buffer.length]) {
    chunks.push(buffer.subarray(from, cut));
    from = cut;
  }
  return chunks.filter((c) => c.length > 0);
}

test("reads the library reader's messages from the same bytes, split anywhere", async () => {
  const libraryInput = await source();
  const expected = await readAll(new StreamMessageReader(libraryInput), libraryInput, [bytes]);
  assert.deepEqual(expected, messages);
  // Every single cut, and a few double cuts, inside headers, bodies and multi-byte characters.
  const cuts: number[][] = [];
  for (let at = 1; at < bytes.length; at++) cuts.push([at]);
  for (let at = 1; at + 7 < bytes.length; at += 5) cuts.push([at, at + 7]);
  cuts.push(Array.from({ length: bytes.length - 1 }, (_, i) => i + 1));
  for (const cut of cuts) {
    const input = await source();
    const read = await readAll(new FramedMessageReader(input), input, splitAt(bytes, cut));
    assert.deepEqual(read, messages, `split at ${cut.join(', ')}`);
  }
});

test('hands each message over during the event of the chunk that completes it', async () => {
  const input = await source();
  const reader = new FramedMessageReader(input);
  const read: Message[] = [];
  reader.listen((message) => read.push(message));
  await new Promise((resolve) => setImmediate(resolve));
  input.push(bytes);
  assert.deepEqual(read, messages, 'all four, before any turn of the event loop');
});

test('a long message in many chunks is read once, whole', async () => {
  const long = { jsonrpc: '2.0', method: 'textDocument/didOpen', params: { text: 'ä'.repeat(300_000) } };
  const framed = Buffer.concat([frame(long), frame(messages[3])]);
  const input = await source();
  const reader = new FramedMessageReader(input);
  const read: Message[] = [];
  reader.listen((message) => read.push(message));
  await new Promise((resolve) => setImmediate(resolve));
  for (let at = 0; at < framed.length; at += 65_536) input.push(framed.subarray(at, at + 65_536));
  assert.deepEqual(read, [long, messages[3]]);
});

test('a header without Content-Length, a bad length or a body that is not JSON reaches onError, and reading goes on', async () => {
  const input = await source();
  const reader = new FramedMessageReader(input);
  const errors: Error[] = [];
  reader.onError((error) => errors.push(error));
  const read: Message[] = [];
  reader.listen((message) => read.push(message));
  await new Promise((resolve) => setImmediate(resolve));
  input.push(Buffer.from('Content-Type: x\r\n\r\n', 'latin1'));
  input.push(frame(messages[0]));
  input.push(Buffer.from('Content-Length: many\r\n\r\n', 'latin1'));
  input.push(Buffer.from('Content-Length: 5\r\n\r\n{nope', 'latin1'));
  input.push(Buffer.from('no colon\r\n\r\n', 'latin1'));
  input.push(frame(messages[3]));
  assert.deepEqual(read, [messages[0], messages[3]]);
  assert.equal(errors.length, 4);
  assert.match(errors[0].message, /must provide a Content-Length/);
  assert.match(errors[1].message, /must be a number\. Got many/);
  assert.ok(errors[2] instanceof SyntaxError);
  assert.match(errors[3].message, /separate key and value/);
});

test('knows when a shutdown request has been read (a notification of that name does not count)', async () => {
  const input = await source();
  const reader = new FramedMessageReader(input);
  reader.listen(() => undefined);
  await new Promise((resolve) => setImmediate(resolve));
  input.push(frame({ jsonrpc: '2.0', method: 'shutdown' }));
  assert.equal(reader.shutdownRequested, false);
  input.push(frame({ jsonrpc: '2.0', id: 9, method: 'shutdown' }));
  assert.equal(reader.shutdownRequested, true);
});

test('a message left incomplete reaches onPartialMessage; a completed one does not', async () => {
  const input = await source();
  const reader = new FramedMessageReader(input);
  reader.partialMessageTimeout = 20;
  const partial: unknown[] = [];
  reader.onPartialMessage((info) => partial.push(info));
  const read: Message[] = [];
  const listening = reader.listen((message) => read.push(message)) as { dispose(): void };
  await new Promise((resolve) => setImmediate(resolve));
  const framed = frame(messages[1]);
  input.push(framed.subarray(0, 40));
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.ok(partial.length >= 1, 'reported while incomplete');
  assert.deepEqual(partial[0], { messageToken: 0, waitingTime: 20 });
  input.push(framed.subarray(40));
  assert.deepEqual(read, [messages[1]]);
  const count = partial.length;
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.equal(partial.length, count, 'no report once the message is complete');
  listening.dispose();
});
