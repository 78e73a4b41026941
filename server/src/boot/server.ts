// The `polysync-language-server` command (dist/server.js): a small launcher that runs the language
// server bundle (dist/server-core.js) through a V8 code cache, so that starts after the first one
// skip most of the compiling (codeCache.ts). Over --stdio and --node-ipc it answers `initialize` first,
// before reading the bundle (earlyInitialize.ts).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runWithCodeCache } from './codeCache';
import { answerInitializeEarly, answerInitializeEarlyOverIpc, earlyInitializeTransport } from './earlyInitialize';

const core = join(__dirname, 'server-core.js');
if (!existsSync(core)) {
  process.stderr.write(`polysync-language-server: ${core} is missing. It must sit next to ${__filename}; build or install Polysync again.\n`);
  process.exit(2);
}
// The bundle sits next to this file, so this file's own `require` resolves for it as its own would.
const runServer = () => void runWithCodeCache(core, { env: process.env, writeAfterMs: 1500, require });
const early = earlyInitializeTransport(process.argv.slice(2), process.env, typeof process.send === 'function');
if (early === 'stdio') answerInitializeEarly(process.stdin, process.stdout, runServer);
else if (early === 'ipc') answerInitializeEarlyOverIpc(process, runServer);
else runServer();
