// What the language server leaves unloaded until a request needs it (issue 25, start-up): the Node
// modules that vscode-languageserver and vscode-jsonrpc load only for things a start never does
// (child_process and the dgram it brings, crypto: scripts/lazyBuiltins.mjs), and fflate's worker_threads
// (fflate is loaded on the first base read or write, server/src/keep/base.ts). The launcher names its
// code cache with node:zlib's CRC-32, not node:crypto, and hands the bundle its own require instead of
// one from node:module's createRequire (server/src/boot/codeCache.ts). Over --stdio the launcher answers
// `initialize` before it reads the server bundle at all (server/src/boot/earlyInitialize.ts). A probe
// loaded with NODE_OPTIONS records process.moduleLoadList when the server exits, and whether the bundle
// had been read when the first message was written. The bundle itself is checked for work esbuild or a
// library would otherwise do as it loads: namespace copies of the library's exports (esbuild's __toESM
// for a named import of a CommonJS module) and jsonc-parser's formatter tables (scripts/lazyIndentTables.mjs).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { fork, spawn } from 'node:child_process';
import { fileUri, ROOT, SERVER, startServer } from './harness';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'polysync-lazy-modules-'));
after(() => fs.rmSync(work, { recursive: true, force: true }));

/** The probe's lines for a server that did `session`, with the code cache in `cacheDir`. */
async function probeLines(session: (client: Awaited<ReturnType<typeof startServer>>) => Promise<void>, cacheDir: string, env: NodeJS.ProcessEnv = {}): Promise<string[]> {
  const list = path.join(work, `modules-${Math.random().toString(36).slice(2)}.txt`);
  const client = await startServer({
    env: {
      NODE_OPTIONS: `--require ${JSON.stringify(path.join(__dirname, 'loaded-modules-probe.cjs'))}`,
      POLYSYNC_TEST_LOADED_MODULES: list,
      POLYSYNC_CACHE_DIR: cacheDir,
      POLYTOMIC_API_KEY: undefined,
      POLYTOMIC_API_URL: undefined,
      ...env,
    },
  });
  try {
    await session(client);
  } finally {
    await client.close();
  }
  const deadline = Date.now() + 10000;
  while (!fs.existsSync(list) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return fs.readFileSync(list, 'utf8').split('\n');
}

/** The built-in modules a server loaded in a session that does `session`, with the code cache in `cacheDir`. */
async function modulesLoadedBy(session: (client: Awaited<ReturnType<typeof startServer>>) => Promise<void>, cacheDir: string): Promise<Set<string>> {
  const lines = await probeLines(session, cacheDir);
  return new Set(lines.filter((line) => line.startsWith('NativeModule ')).map((line) => line.slice('NativeModule '.length)));
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

  it('answers initialize before reading the server bundle, with the answer the server gives itself', async () => {
    const early = await probeLines(async () => undefined, path.join(work, 'cache'));
    assert.ok(early.includes('FirstWrite bundleRead=false'), early.slice(-1)[0]);
    // Turned off, the server answers after the bundle ran: the probe can tell the two apart.
    const late = await probeLines(async () => undefined, path.join(work, 'cache'), { POLYSYNC_EARLY_INITIALIZE: 'off' });
    assert.ok(late.includes('FirstWrite bundleRead=true'), late.slice(-1)[0]);

    const answers = [];
    for (const env of [{}, { POLYSYNC_EARLY_INITIALIZE: 'off' }]) {
      const client = await startServer({ env: { POLYSYNC_CACHE_DIR: path.join(work, 'cache'), ...env } });
      try {
        const log = await client.waitForNotification('window/logMessage', (p) => /language server .* started/.test(p.message));
        assert.equal(/initialize answered by the launcher/.test(log.message), env.POLYSYNC_EARLY_INITIALIZE === undefined, log.message);
        await checkOneDocument(client);
        assert.doesNotMatch(client.stderr(), /differs from the server's own/);
        answers.push(client.initializeResult);
      } finally {
        await client.close();
      }
    }
    assert.deepEqual(answers[0], answers[1]);
  });

  it('answers initialize before reading the server bundle over --node-ipc too, as VS Code starts it, and then works', async () => {
    for (const early of [true, false]) {
      const list = path.join(work, `ipc-${early}.txt`);
      const child = fork(SERVER, ['--node-ipc'], {
        env: {
          ...process.env,
          NODE_OPTIONS: `--require ${JSON.stringify(path.join(__dirname, 'loaded-modules-probe.cjs'))}`,
          POLYSYNC_TEST_LOADED_MODULES: list,
          POLYSYNC_CACHE_DIR: path.join(work, 'cache'),
          POLYSYNC_EARLY_INITIALIZE: early ? undefined : 'off',
          POLYTOMIC_API_KEY: undefined,
        },
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const responses = new Map<number, (message: { result?: unknown; error?: unknown }) => void>();
      let initializeAnswers = 0;
      child.on('message', (message: { id?: number; method?: string; result?: unknown }) => {
        if (message.method === undefined && message.id === 1) initializeAnswers++;
        if (message.method === undefined && typeof message.id === 'number') responses.get(message.id)?.(message);
        else if (message.method !== undefined && message.id !== undefined) child.send({ jsonrpc: '2.0', id: message.id, result: null });
      });
      const request = (id: number, method: string, params: unknown) =>
        new Promise<{ result?: unknown; error?: unknown }>((resolve) => {
          responses.set(id, resolve);
          child.send({ jsonrpc: '2.0', id, method, params });
        });
      try {
        const init = await request(1, 'initialize', { processId: null, rootUri: null, capabilities: { textDocument: { diagnostic: {} } } });
        assert.equal((init.result as { serverInfo: { name: string } }).serverInfo.name, 'polysync-language-server');
        child.send({ jsonrpc: '2.0', method: 'initialized', params: {} });
        const uri = fileUri('ipc.polysync.json');
        child.send({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'polysync', version: 1, text: '{ "name": "x", "mode": "sideways" }' } } });
        const report = await request(2, 'textDocument/diagnostic', { textDocument: { uri } });
        assert.ok((report.result as { items: { message: string }[] }).items.some((d) => /mode/.test(d.message)), JSON.stringify(report));
        await request(3, 'shutdown', null);
        child.send({ jsonrpc: '2.0', method: 'exit' });
        await new Promise((resolve) => child.once('exit', resolve));
      } finally {
        child.kill();
      }
      assert.doesNotMatch(stderr, /differs from the server's own/);
      assert.equal(initializeAnswers, 1, 'initialize is answered once');
      assert.ok(fs.readFileSync(list, 'utf8').split('\n').includes(`FirstWrite bundleRead=${!early}`), `early ${early}: ${fs.readFileSync(list, 'utf8').split('\n').slice(-1)[0]}`);
    }
  });

  it('answers initialize once over --stdio: the server drops its own answer', async () => {
    const child = spawn(process.execPath, [SERVER, '--stdio'], { env: { ...process.env, POLYSYNC_CACHE_DIR: path.join(work, 'cache') }, stdio: ['pipe', 'pipe', 'pipe'] });
    const frame = (message: object) => {
      const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }));
      return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]);
    };
    let out = '';
    const shutdownAnswered = new Promise<void>((resolve) =>
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        if (out.includes('"id":2,"result":null')) resolve();
      }),
    );
    try {
      // The server handles shutdown after initialize: a second answer to initialize would come before it.
      child.stdin.write(Buffer.concat([frame({ id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }), frame({ method: 'initialized', params: {} }), frame({ id: 2, method: 'shutdown' })]));
      await shutdownAnswered;
      assert.equal(out.split('"id":1,"result"').length - 1, 1, out);
      child.stdin.write(frame({ method: 'exit' }));
      await new Promise((resolve) => child.once('exit', resolve));
    } finally {
      child.kill();
    }
  });

  it("builds the server bundle without copies of the library's exports or jsonc-parser's formatter tables", () => {
    const bundle = fs.readFileSync(path.join(ROOT, 'dist', 'server-core.js'), 'utf8');
    // esbuild names a bundled CommonJS module's loader require_<name>; __toESM around one is a copy of its exports.
    assert.doesNotMatch(bundle, /__toESM\(require_/);
    assert.doesNotMatch(bundle, /new Array\(maxCachedValues\)/);
    assert.match(bundle, /lazyLineBreakTables/);
  });
});
