// The bundled server over --stdio ends when its input ends, as vscode-languageserver's own stdio
// connection does: exit code 0 after a `shutdown` request, 1 without one. (The server reads its input
// with its own reader, lsp/framedReader.ts, so the library no longer watches the stream for this.)
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { SERVER } from './harness';

function frame(message: object): Buffer {
  const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'latin1'), body]);
}

/** Starts the server, sends `messages`, waits for answers to the requests among them, ends its input; the exit code. */
async function exitCodeAfter(messages: object[]): Promise<number | null> {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const requests = messages.filter((m) => 'id' in m).length;
  let received = '';
  const answered = new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      received += chunk.toString('utf8');
      if ((received.match(/"id":\d+,"result"/g) ?? []).length >= requests) resolve();
    });
  });
  child.stdin.write(Buffer.concat(messages.map(frame)));
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  try {
    await answered;
    child.stdin.end();
    return await exited;
  } finally {
    clearTimeout(timer);
  }
}

const initialize = { id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } };

describe('the server when its input ends', () => {
  it('exits with code 1 when no shutdown request came first', async () => {
    assert.equal(await exitCodeAfter([initialize, { method: 'initialized', params: {} }]), 1);
  });

  it('exits with code 0 after a shutdown request', async () => {
    assert.equal(await exitCodeAfter([initialize, { method: 'initialized', params: {} }, { id: 2, method: 'shutdown' }]), 0);
  });
});
