// Keep-as-code commands model the 2025-09-18 read shape of a bulk sync: another --api-version (or
// POLYTOMIC_API_VERSION) is refused with a message before anything is read or sent.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { type Sandbox, startSandbox } from '../sandbox/server';
import { runCli } from './runCli';

let sandbox: Sandbox;
let dir: string;
before(async () => {
  sandbox = await startSandbox();
  dir = mkdtempSync(path.join(tmpdir(), 'polysync-version-'));
});
after(async () => {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

test('pull, diff, apply, run and status refuse another API version, and say which one they model', async () => {
  const env = { POLYTOMIC_API_KEY: sandbox.keys.user, POLYTOMIC_API_URL: sandbox.url };
  for (const args of [['pull', 'abc', '--api-version', '2024-02-08'], ['diff', '.', '--api-version', '2024-02-08'], ['apply', '.', '--yes', '--api-version', '2023-04-25'], ['status', '.', '--api-version', '2024-02-08']]) {
    const r = await runCli(args, env, dir);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /reads and writes the 2025-09-18 shape of a bulk sync; --api-version 20\d\d-\d\d-\d\d answers in another shape, so nothing was compared or changed/);
  }
  const fromEnv = await runCli(['diff', '.'], { ...env, POLYTOMIC_API_VERSION: '2024-02-08' }, dir);
  assert.equal(fromEnv.code, 2);
  assert.equal(sandbox.state.requests.length, 0, 'nothing was sent');
  const same = await runCli(['pull', 'abc', '--api-version', '2025-09-18'], env, dir);
  assert.doesNotMatch(same.stderr, /another shape/);
});
