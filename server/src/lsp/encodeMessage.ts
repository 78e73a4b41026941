// One LSP message as the bytes that go on the wire over stdio, in a module that loads no library: the
// server's writer (oneWrite.ts) and the launcher's early `initialize` answer (boot/earlyInitialize.ts)
// both write with it, so both write the bytes vscode-jsonrpc's own writer would.
import type { Message } from 'vscode-languageserver/node';

/** The header (`Content-Length: N\r\n\r\n`) and the JSON body (UTF-8), in one buffer. */
export function encodeMessage(message: Message): Buffer {
  const body = JSON.stringify(message);
  const length = Buffer.byteLength(body, 'utf8');
  const header = `Content-Length: ${length}\r\n\r\n`;
  const bytes = Buffer.allocUnsafe(header.length + length);
  bytes.write(header, 0, 'latin1');
  bytes.write(body, header.length, 'utf8');
  return bytes;
}
