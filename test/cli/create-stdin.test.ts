// `polysync create -`: the document from standard input, as `check -` reads it; the sync is created
// and nothing is written, since there is no file to link.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { IDS } from '../sandbox/fixtures';
import { type Sandbox, startSandbox } from '../sandbox/server';
import { CLI } from './runCli';

const GOOD = `{
  // from a generator, piped in
  "name": "Piped sync",
  "mode": "replicate",
  "source_connection_id": "${IDS.hubspot}",
  "destination_connection_id": "${IDS.analyticsPostgres}",
  "destination_configuration": { "schema": "hubspot" },
  "default_schedule": { "frequency": "hourly", "minute": "15" },
  "schemas": ["contacts"]
}
`;

function runWithInput(args: string[], env: Record<string, string>, cwd: string, input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const childEnv: NodeJS.ProcessEnv = {};
    for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('POLYTOMIC_')) childEnv[name] = value;
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...childEnv, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => (child.kill(), reject(new Error('create - did not finish within 20 s'))), 20_000);
    child.on('error', reject);
    child.on('close', (code) => (clearTimeout(timer), resolve({ code, stdout, stderr })));
    child.stdin.end(input);
  });
}

describe('polysync create -', () => {
  let sandbox: Sandbox;
  let dir: string;
  before(async () => {
    sandbox = await startSandbox();
    dir = mkdtempSync(path.join(tmpdir(), 'polysync-create-stdin-'));
  });
  after(async () => {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('creates the sync from standard input, says it cannot link it, and writes no file', async () => {
    const r = await runWithInput(['create', '-'], { POLYTOMIC_API_KEY: sandbox.keys.user, POLYTOMIC_API_URL: sandbox.url }, dir, GOOD);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(sandbox.state.syncs.length, 1);
    assert.equal(r.stdout, `${sandbox.state.syncs[0].id}\n`);
    assert.match(r.stderr, /standard input is not a file to link; add "polysync": \{"sync_id": "[^"]+"\} to the file it came from/);
    assert.deepEqual(readdirSync(dir), []);
  });

  test('errors read from standard input stop it before anything is sent', async () => {
    const before = sandbox.state.requests.length;
    const r = await runWithInput(['create', '-'], { POLYTOMIC_API_KEY: sandbox.keys.user, POLYTOMIC_API_URL: sandbox.url }, dir, GOOD.replace('"replicate"', '"replciate"'));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /<stdin>:\d+:\d+: error PS104/);
    assert.equal(sandbox.state.requests.length, before);
  });
});
