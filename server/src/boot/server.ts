// The `polysync-language-server` command (dist/server.js): a small launcher that runs the language
// server bundle (dist/server-core.js) through a V8 code cache, so that starts after the first one
// skip most of the compiling. See codeCache.ts.
import * as path from 'node:path';
import { runWithCodeCache } from './codeCache';

runWithCodeCache(path.join(__dirname, 'server-core.js'), { env: process.env, writeAfterMs: 1500 });
