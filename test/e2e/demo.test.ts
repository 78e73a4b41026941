// `npm run demo -- --check`, the README's first command in its CI form: it must package the
// extension, start the sandbox and VS Code, show an example with hovers from the language server,
// and exit 0. Also: the mistakes a user can make on its command line get a clear message.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { ARTIFACTS_DIR, E2E_DIR, REPO_ROOT } from './lib/paths';
import { startProcess } from './lib/processes';

const DEMO = path.join(E2E_DIR, 'demo.ts');

/** Runs the demo script to completion (bounded) and returns its exit code and output. */
async function runDemo(args: string[], timeoutMs: number): Promise<{ code: number | string; output: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'polysync-demo-test-'));
  try {
    const logFile = path.join(dir, 'demo.log');
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.NODE_OPTIONS;
    const proc = startProcess(process.execPath, ['--import', 'tsx', DEMO, ...args], { cwd: REPO_ROOT, env, logFile });
    const timer = setTimeout(() => void proc.stop(), timeoutMs);
    const code = await proc.exited;
    clearTimeout(timer);
    await proc.stop();
    return { code, output: readFileSync(logFile, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('npm run demo', { timeout: 240_000 }, () => {
  test('--check serves the examples in VS Code with the extension working, then exits 0', async () => {
    const { code, output } = await runDemo(['--check'], 180_000);
    assert.equal(code, 0, output);
    assert.match(output, /check passed: salesforce-to-snowflake\.polysync\.json opens as "Polysync Bulk Sync"/);
    const shots = readdirSync(path.join(ARTIFACTS_DIR, 'demo'));
    assert.ok(shots.some((f) => /-hover-from-language-server\.png$/.test(f)), JSON.stringify(shots));
    assert.ok(!shots.some((f) => /FAILED/.test(f)), JSON.stringify(shots));
  });

  test('a port that is taken is refused with a message naming it', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const { code, output } = await runDemo(['--port', String(port)], 30_000);
      assert.equal(code, 2, output);
      assert.match(output, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is in use; choose another with --port`));
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  test('an unknown option prints the usage and exits 2', async () => {
    const { code, output } = await runDemo(['--prot', '8080'], 30_000);
    assert.equal(code, 2, output);
    assert.match(output, /unknown option --prot/);
    assert.match(output, /Usage: npm run demo/);
  });
});
