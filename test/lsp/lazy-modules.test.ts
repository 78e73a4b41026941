// What the language server leaves unloaded until a request needs it (issue 25, start-up): the Node
// modules that vscode-languageserver and vscode-jsonrpc load only for things a start never does
// (child_process and the dgram it brings, crypto: scripts/lazyBuiltins.mjs), and fflate's worker_threads
// (fflate is loaded on the first base read or write, server/src/keep/base.ts). The launcher names its
// code cache with node:zlib's CRC-32, not node:crypto, and hands the bundle its own require instead of
// one from node:module's createRequire (server/src/boot/codeCache.ts). A probe loaded with
// NODE_OPTIONS records process.moduleLoadList when the server exits.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileUri, startServer } from './harness';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'polysync-lazy-modules-'));
after(() => fs.rmSync(work, { recursive: true, force: true }));

/** The built-in modules a server loaded in a session that does `session`, with the code cache in `cacheDir`. */
async function modulesLoadedBy(session: (client: Awaited<ReturnType<typeof startServer>>) => Promise<void>, cacheDir: string): Promise<Set<string>> {
  const list = path.join(work, `modules-${Math.random().toString(36).slice(2)}.txt`);
  const client = await startServer({
    env: {
      NODE_OPTIONS: `--require ${JSON.stringify(path.join(__dirname, 'loaded-modules-probe.cjs'))}`,
      POLYSYNC_TEST_LOADED_MODULES: list,
      POLYSYNC_CACHE_DIR: cacheDir,
      POLYTOMIC_API_KEY: undefined,
      POLYTOMIC_API_URL: undefined,
    },
  });
  try {
    await session(client);
  } finally {
    await client.close();
  }
  const deadline = Date.now() + 10000;
  while (!fs.existsSync(list) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return new Set(fs.readFileSync(list, 'utf8').split('\n').filter((line) => line.startsWith('NativeModule ')).map((line) => line.slice('NativeModule '.length)));
}

const DEFERRED = ['child_process', 'dgram', 'crypto', 'worker_threads', 'module'];

describe('modules the server loads only when needed', () => {
  const checkOneDocument = async (client: Awaited<ReturnType<typeof startServer>>) => {
    const uri = fileUri('lazy.polysync.json');
    client.open(uri, '{ "name": "x", "mode": "sideways" }');
    const items = await client.diagnostics(uri);
    assert.ok(items.some((d: { message: string }) => /mode/.test(d.message)), JSON.stringify(items));
  };

  it('starts, answers and checks a document without child_process, dgram, crypto, worker_threads or module', async () => {
    const loaded = await modulesLoadedBy(checkOneDocument, path.join(work, 'cache'));
    assert.ok(loaded.has('net') && loaded.has('vm'), "the probe saw the server's modules");
    for (const name of DEFERRED) assert.equal(loaded.has(name), false, `${name} is not loaded`);
  });
});
