// The launcher's answer to `initialize` over --stdio or --node-ipc (how VS Code starts the server),
// written before the language server's bundle is read. The answer is the same for every client (server/src/lsp/capabilities.ts), so nothing in the
// server's 0.5 MB of code is needed to give it: reading the bundle and its code cache, V8 deserialising
// it, and running vscode-languageserver's module graph and the server's (about 45 ms of a start, before)
// happen after the answer, while the client handles it and sends `initialized` and its first documents.
//
// How the server still sees the whole conversation: over --stdio the launcher reads standard input only up
// to the end of the first message, then puts every byte it read back at the front of the (paused) stream;
// the server reads the stream from its start as if untouched. Over --node-ipc the launcher takes the first
// message from the channel and, once the server listens, emits it to the server's listener. Either way the
// server handles `initialize` as always (its state comes from the client's parameters), and its writer
// drops its own answer to that request (lsp/oneWrite.ts), which is compared with the one written.
// Anything else first (another method, a header or body it cannot read, the input ending) is handed to
// the server unanswered, as it arrived.
import type { Message } from 'vscode-languageserver/node';
import { initializeResult } from '../lsp/capabilities';
import { encodeMessage } from '../lsp/encodeMessage';
import { publishEarlyInitializeAnswer } from './handover';

/** Headers longer than this are not a message the launcher answers (the server reads them instead). */
const MAX_HEADER_BYTES = 4096;

type FirstMessage = { kind: 'complete'; body: Buffer } | { kind: 'incomplete' } | { kind: 'unusable' };

/** The first message framed in `bytes` (LSP base protocol: headers, a blank line, Content-Length bytes of UTF-8 JSON). */
export function firstMessage(bytes: Buffer): FirstMessage {
  const headerEnd = bytes.indexOf('\r\n\r\n');
  if (headerEnd < 0) return bytes.length > MAX_HEADER_BYTES ? { kind: 'unusable' } : { kind: 'incomplete' };
  if (headerEnd > MAX_HEADER_BYTES) return { kind: 'unusable' };
  let length = NaN;
  for (const line of bytes.toString('latin1', 0, headerEnd).split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) return { kind: 'unusable' };
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-length') length = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
    // The body is UTF-8 unless a Content-Type says otherwise; another charset is left to the server.
    else if (name === 'content-type' && /charset=/i.test(value) && !/charset=utf-?8\b/i.test(value)) return { kind: 'unusable' };
  }
  if (!Number.isInteger(length)) return { kind: 'unusable' };
  const end = headerEnd + 4 + length;
  return bytes.length < end ? { kind: 'incomplete' } : { kind: 'complete', body: bytes.subarray(headerEnd + 4, end) };
}

/** The id of an `initialize` request, or undefined when `body` is anything else. */
export function initializeRequestId(body: Buffer): number | string | undefined {
  let message: unknown;
  try {
    message = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  return initializeMessageId(message);
}

/** The id of `message` when it is an `initialize` request. */
export function initializeMessageId(message: unknown): number | string | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const { jsonrpc, method, id, params } = message as Record<string, unknown>;
  if (jsonrpc !== '2.0' || method !== 'initialize' || typeof params !== 'object' || params === null) return undefined;
  return typeof id === 'number' || typeof id === 'string' ? id : undefined;
}

/**
 * Reads `input` up to the end of its first message; answers it on `output` when it is `initialize`; puts
 * what was read back at the front of `input`, paused; calls `runServer` (which attaches the server's
 * reader synchronously), then lets the input flow to it.
 */
export function answerInitializeEarly(
  input: NodeJS.ReadableStream & { unshift(chunk: Buffer): void },
  output: NodeJS.WritableStream,
  runServer: () => void,
  // The input ended (or failed) before a whole message: the server, which ends the process when its input
  // ends, can no longer see that end, so the process ends as it would have.
  inputEnded: () => void = () => process.exit(1),
): void {
  let read: Buffer = Buffer.alloc(0);
  let handedOver = false;
  const handOver = (ended: boolean) => {
    if (handedOver) return;
    handedOver = true;
    input.removeListener('data', onData);
    input.removeListener('end', onEnd);
    input.removeListener('error', onEnd);
    input.pause();
    if (!ended && read.length > 0) input.unshift(read);
    runServer();
    if (ended) inputEnded();
    else if (input.listenerCount('data') > 0) input.resume();
  };
  const onData = (chunk: Buffer) => {
    read = read.length === 0 ? chunk : Buffer.concat([read, chunk]);
    const first = firstMessage(read);
    if (first.kind === 'incomplete') return;
    const id = first.kind === 'complete' ? initializeRequestId(first.body) : undefined;
    if (id !== undefined) output.write(encodeMessage(answer(id)));
    handOver(false);
  };
  const onEnd = () => handOver(true);
  input.on('data', onData);
  input.on('end', onEnd);
  input.on('error', onEnd);
}

/** The answer to the `initialize` request `id`, published for the server to recognise its own. */
function answer(id: number | string): Message {
  const message = { jsonrpc: '2.0', id, result: initializeResult() };
  publishEarlyInitializeAnswer({ id, json: JSON.stringify(message) });
  return message;
}

/** The process's IPC channel, as far as this file uses it. */
export type IpcChannel = Pick<NodeJS.EventEmitter, 'on' | 'removeListener' | 'emit'> & { send?(message: unknown): boolean };

/**
 * Takes the first message from Node's IPC channel; answers it when it is `initialize`; calls `runServer`
 * (which starts listening on the channel synchronously), then gives the message to the server's listener.
 */
export function answerInitializeEarlyOverIpc(channel: IpcChannel, runServer: () => void): void {
  const onMessage = (message: unknown) => {
    channel.removeListener('message', onMessage);
    const id = initializeMessageId(message);
    if (id !== undefined) channel.send?.(answer(id));
    runServer();
    channel.emit('message', message);
  };
  channel.on('message', onMessage);
}

/** Which transport this start answers `initialize` early on: --stdio, or --node-ipc with a channel; none when POLYSYNC_EARLY_INITIALIZE=off. */
export function earlyInitializeTransport(argv: readonly string[], env: NodeJS.ProcessEnv, hasIpcChannel: boolean): 'stdio' | 'ipc' | undefined {
  if (env.POLYSYNC_EARLY_INITIALIZE === 'off' || argv.includes('--version') || argv.includes('--help')) return undefined;
  // The first transport flag wins, as in vscode-languageserver's own reading of the command line.
  const flag = argv.find((a) => a === '--node-ipc' || a === '--stdio' || a.startsWith('--socket') || a.startsWith('--pipe'));
  if (flag === '--stdio') return 'stdio';
  if (flag === '--node-ipc' && hasIpcChannel) return 'ipc';
  return undefined;
}
