// Writes a deliberately broken language server for the negative control (negative-control.sh):
//   node broken-server.mjs exit-at-start  REAL_SERVER_JS OUT_JS   a server that exits at once
//   node broken-server.mjs no-diagnostics REAL_SERVER_JS OUT_JS   the real server, with every
//       diagnostic it sends emptied on the way out (push and pull, over stdio and over Node IPC)
// A suite that still passes against either has stopped testing the server.
import { readFileSync, writeFileSync } from 'node:fs';

const [variant, realServer, out] = process.argv.slice(2);
if (!variant || !realServer || !out) {
  process.stderr.write('usage: node broken-server.mjs exit-at-start|no-diagnostics REAL_SERVER_JS OUT_JS\n');
  process.exit(2);
}

const EXIT_AT_START = `#!/usr/bin/env node
// Negative control: a language server that exits as soon as it starts.
process.stderr.write('polysync negative control: the language server exits at start\\n');
process.exit(1);
`;

// Runs before the real bundle, so the connection it builds writes through these wrappers.
const DROP_DIAGNOSTICS = `#!/usr/bin/env node
// Negative control: the real server below, with every diagnostic it sends dropped on the way out.
(() => {
  const strip = (message) => {
    if (message && typeof message === 'object') {
      if (message.method === 'textDocument/publishDiagnostics' && message.params) message.params.diagnostics = [];
      const result = message.result;
      if (result && typeof result === 'object' && result.kind === 'full' && Array.isArray(result.items)) result.items = [];
    }
    return message;
  };
  if (typeof process.send === 'function') {
    const send = process.send.bind(process);
    process.send = (message, ...rest) => send(strip(message), ...rest);
  }
  const write = process.stdout.write.bind(process.stdout);
  let pending = Buffer.alloc(0);
  process.stdout.write = (chunk, encoding, callback) => {
    if (typeof encoding === 'function') {
      callback = encoding;
      encoding = undefined;
    }
    pending = Buffer.concat([pending, Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, encoding || 'utf8')]);
    for (;;) {
      const headerEnd = pending.indexOf('\\r\\n\\r\\n');
      if (headerEnd < 0) break;
      const length = /Content-Length: *(\\d+)/i.exec(pending.subarray(0, headerEnd).toString('ascii'));
      if (!length) {
        write(pending);
        pending = Buffer.alloc(0);
        break;
      }
      const end = headerEnd + 4 + Number(length[1]);
      if (pending.length < end) break;
      const body = JSON.stringify(strip(JSON.parse(pending.subarray(headerEnd + 4, end).toString('utf8'))));
      pending = pending.subarray(end);
      write('Content-Length: ' + Buffer.byteLength(body) + '\\r\\n\\r\\n' + body);
    }
    if (callback) process.nextTick(callback);
    return true;
  };
})();
`;

if (variant === 'exit-at-start') {
  writeFileSync(out, EXIT_AT_START);
} else if (variant === 'no-diagnostics') {
  const real = readFileSync(realServer, 'utf8').replace(/^#!.*\n/, '');
  writeFileSync(out, `${DROP_DIAGNOSTICS}${real}`);
} else {
  process.stderr.write(`unknown variant ${variant} (exit-at-start or no-diagnostics)\n`);
  process.exit(2);
}
