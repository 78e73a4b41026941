// The launcher's early `initialize` answer (server/src/boot/earlyInitialize.ts): the first message is
// framed from whatever chunks it arrives in, only `initialize` is answered, the answer is the server's
// own capabilities, and the reader attached afterwards (the server's) gets every byte, in order, from the
// start of the input, whatever was answered.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { EventEmitter } from 'node:events';
import { answerInitializeEarly, answerInitializeEarlyOverIpc, earlyInitializeTransport, firstMessage, initializeRequestId } from '../../server/src/boot/earlyInitialize';
import { earlyInitializeAnswer } from '../../server/src/boot/handover';
import { initializeResult } from '../../server/src/lsp/capabilities';

const frame = (message: object, header = (length: number) => `Content-Length: ${length}\r\n\r\n`) => {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  return Buffer.concat([Buffer.from(header(body.length), 'latin1'), body]);
};

const INITIALIZE = { jsonrpc: '2.0', id: 7, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {}, clientInfo: { name: 'tëst ✓' } } };
const INITIALIZED = { jsonrpc: '2.0', method: 'initialized', params: {} };

/** Feeds `chunks` to the early reader; returns what it wrote, and what a reader attached in runServer received. */
async function run(chunks: Buffer[], end = false): Promise<{ written: Buffer; handedOver: Buffer; serverRan: boolean; ended: boolean }> {
  const input = new PassThrough();
  const output = new PassThrough();
  const written: Buffer[] = [];
  output.on('data', (chunk: Buffer) => written.push(chunk));
  const received: Buffer[] = [];
  let serverRan = false;
  let ended = false;
  answerInitializeEarly(
    input,
    output,
    () => {
      serverRan = true;
      input.on('data', (chunk: Buffer) => received.push(chunk));
    },
    () => (ended = true),
  );
  for (const chunk of chunks) {
    input.write(chunk);
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (end) input.end();
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  return { written: Buffer.concat(written), handedOver: Buffer.concat(received), serverRan, ended };
}

describe('early initialize answer (launcher)', () => {
  it('answers initialize, sent in pieces, with the capabilities the server returns, and hands every byte to the server', async () => {
    const bytes = Buffer.concat([frame(INITIALIZE), frame(INITIALIZED)]);
    // Split inside the header, inside the body (within a multi-byte character too) and after it.
    const cuts = [5, 20, bytes.indexOf('✓') + 1, bytes.length - 10];
    const chunks = [0, ...cuts].map((from, i) => bytes.subarray(from, [...cuts, bytes.length][i]));
    const { written, handedOver, serverRan } = await run(chunks);
    assert.ok(serverRan);
    assert.deepEqual(written, frame({ jsonrpc: '2.0', id: 7, result: initializeResult() }));
    assert.deepEqual(handedOver, bytes, 'the server reads the input from its start, initialize included');
    assert.deepEqual(earlyInitializeAnswer(), { id: 7, json: JSON.stringify({ jsonrpc: '2.0', id: 7, result: initializeResult() }) });
  });

  it('answers nothing when the first message is not initialize, or cannot be read, and hands it over as it came', async () => {
    const notInitialize = frame({ jsonrpc: '2.0', id: 1, method: 'shutdown' });
    const badJson = Buffer.from('Content-Length: 5\r\n\r\n{"a":');
    const noLength = Buffer.from('Content-Type: application/json\r\n\r\n{}');
    const otherCharset = frame(INITIALIZE, (n) => `Content-Length: ${n}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-16\r\n\r\n`);
    for (const bytes of [notInitialize, badJson, noLength, otherCharset]) {
      const { written, handedOver, serverRan } = await run([bytes]);
      assert.ok(serverRan, bytes.toString());
      assert.equal(written.length, 0, `no answer to ${bytes.toString()}`);
      assert.deepEqual(handedOver, bytes);
    }
  });

  it('answers initialize framed with a Content-Type in UTF-8, header names in any case', async () => {
    const bytes = frame(INITIALIZE, (n) => `content-length: ${n}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n`);
    const { written, handedOver } = await run([bytes]);
    assert.deepEqual(written, frame({ jsonrpc: '2.0', id: 7, result: initializeResult() }));
    assert.deepEqual(handedOver, bytes);
  });

  it('runs the server and ends when the input ends before a whole message', async () => {
    const { written, serverRan, ended } = await run([Buffer.from('Content-Length: 40\r\n\r\n{"jsonrpc"')], true);
    assert.equal(written.length, 0);
    assert.ok(serverRan && ended);
  });

  it('runs the server and ends when the input fails before a whole message', async () => {
    const input = new PassThrough();
    let serverRan = false;
    let ended = false;
    answerInitializeEarly(input, new PassThrough(), () => (serverRan = true), () => (ended = true));
    input.write('Content-Length: 40\r\n\r\n');
    input.destroy(new Error('EPIPE'));
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(serverRan && ended);
  });

  it('frames, and finds the initialize id, only in well-formed messages', () => {
    assert.deepEqual(firstMessage(Buffer.from('Content-Length: 2\r\n\r\n{}rest')), { kind: 'complete', body: Buffer.from('{}') });
    assert.deepEqual(firstMessage(Buffer.from('Content-Length: 3\r\n\r\n{}')), { kind: 'incomplete' });
    assert.deepEqual(firstMessage(Buffer.from('Content-Len')), { kind: 'incomplete' });
    assert.deepEqual(firstMessage(Buffer.from('Content-Length: -1\r\n\r\n{}')), { kind: 'unusable' });
    assert.deepEqual(firstMessage(Buffer.alloc(5000, 'x')), { kind: 'unusable' });
    assert.equal(initializeRequestId(Buffer.from(JSON.stringify(INITIALIZE))), 7);
    assert.equal(initializeRequestId(Buffer.from(JSON.stringify({ ...INITIALIZE, id: 'a' }))), 'a');
    assert.equal(initializeRequestId(Buffer.from(JSON.stringify({ ...INITIALIZE, id: undefined }))), undefined, 'a notification is not answered');
    assert.equal(initializeRequestId(Buffer.from(JSON.stringify({ ...INITIALIZE, params: undefined }))), undefined);
    assert.equal(initializeRequestId(Buffer.from(JSON.stringify({ ...INITIALIZE, jsonrpc: '1.0' }))), undefined);
  });

  it('answers initialize over the IPC channel and gives the server the message once it listens', () => {
    for (const [first, answered] of [
      [INITIALIZE, true],
      [{ jsonrpc: '2.0', id: 1, method: 'shutdown' }, false],
    ] as const) {
      const channel = Object.assign(new EventEmitter(), { sent: [] as unknown[], send(message: unknown) { this.sent.push(message); return true; } });
      const received: unknown[] = [];
      answerInitializeEarlyOverIpc(channel, () => channel.on('message', (message) => received.push(message)));
      channel.emit('message', first);
      channel.emit('message', INITIALIZED);
      assert.deepEqual(channel.sent, answered ? [{ jsonrpc: '2.0', id: 7, result: initializeResult() }] : []);
      assert.deepEqual(received, [first, INITIALIZED], 'the server gets every message, the first included, in order');
      assert.equal(channel.listenerCount('message'), 1, "only the server's listener is left");
    }
  });

  it('is on over --stdio and --node-ipc, and can be turned off', () => {
    assert.equal(earlyInitializeTransport(['--stdio'], {}, false), 'stdio');
    assert.equal(earlyInitializeTransport(['--node-ipc'], {}, true), 'ipc');
    assert.equal(earlyInitializeTransport(['--node-ipc'], {}, false), undefined, 'no channel to answer on');
    assert.equal(earlyInitializeTransport(['--socket=4000'], {}, false), undefined);
    assert.equal(earlyInitializeTransport(['--clientProcessId=4', '--stdio'], {}, false), 'stdio');
    assert.equal(earlyInitializeTransport(['--stdio', '--version'], {}, false), undefined);
    assert.equal(earlyInitializeTransport(['--stdio'], { POLYSYNC_EARLY_INITIALIZE: 'off' }, false), undefined);
    assert.equal(earlyInitializeTransport(['--node-ipc'], { POLYSYNC_EARLY_INITIALIZE: 'off' }, true), undefined);
  });
});
