// The shipped launcher (dist/server.js) over stdio: the first start writes a V8 code cache for
// dist/server-core.js, the next start uses it, and the server works the same either way.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { spawnSync } from 'node:child_process';
import { fileUri, SERVER, startServer } from './harness';

const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'polysync-lsp-cache-'));
after(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

const cacheFiles = () => fs.readdirSync(cacheDir).filter((name) => name.endsWith('.v8cache'));

async function startLog(env: NodeJS.ProcessEnv) {
  const client = await startServer({ env });
  const log = await client.waitForNotification('window/logMessage', (p) => /language server .* started/.test(p.message));
  return { client, message: log.message as string };
}

async function checksOneError(client: Awaited<ReturnType<typeof startServer>>): Promise<void> {
  const uri = fileUri('startup.polysync.json');
  client.open(uri, '{ "name": "x", "source": { "connection_id": "not-a-uuid" }, "destination": { "connection_id": "also-not" }, "mode": "sideways" }');
  const items = await client.diagnostics(uri);
  assert.ok(items.some((d: { message: string }) => /mode/.test(d.message)), JSON.stringify(items));
}

describe('server start-up', () => {
  it('writes a code cache on the first start and uses it on the next', async () => {
    const first = await startLog({ POLYSYNC_CACHE_DIR: cacheDir });
    try {
      assert.match(first.message, /code cache will be written to .*server-core-[0-9a-f]+-.*\.v8cache/);
      await checksOneError(first.client);
      const deadline = Date.now() + 15000;
      while (cacheFiles().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      assert.equal(cacheFiles().length, 1, 'the launcher wrote one cache file');
    } finally {
      await first.client.close();
    }

    const second = await startLog({ POLYSYNC_CACHE_DIR: cacheDir });
    try {
      assert.match(second.message, /code cache used from .*\.v8cache/);
      await checksOneError(second.client);
    } finally {
      await second.client.close();
    }
  });

  it('starts and works with the cache turned off', async () => {
    const off = await startLog({ POLYSYNC_CACHE_DIR: cacheDir, POLYSYNC_CODE_CACHE: 'off' });
    try {
      assert.match(off.message, /code cache off/);
      await checksOneError(off.client);
    } finally {
      await off.client.close();
    }
  });

  it('says what is missing when the launcher is copied without the server bundle', () => {
    const lonely = fs.mkdtempSync(path.join(os.tmpdir(), 'polysync-launcher-'));
    try {
      fs.copyFileSync(SERVER, path.join(lonely, 'server.js'));
      const run = spawnSync(process.execPath, [path.join(lonely, 'server.js'), '--stdio'], { encoding: 'utf8', timeout: 10_000, input: '' });
      assert.equal(run.status, 2);
      assert.match(run.stderr, /server-core\.js is missing\. It must sit next to .*server\.js/);
      assert.doesNotMatch(run.stderr, /at .*\(node:/, 'a message, not a stack trace');
    } finally {
      fs.rmSync(lonely, { recursive: true, force: true });
    }
  });
});
