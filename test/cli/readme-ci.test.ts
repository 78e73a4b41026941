// The README's CI example, run as GitHub Actions runs a step (bash -eo pipefail), with the bundled CLI
// against the sandbox and a real git remote: a rejected push of the links fails the job; an accepted
// one pushes the linked file.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { IDS } from '../sandbox/fixtures';
import { type Sandbox, startSandbox } from '../sandbox/server';
import { CLI } from './runCli';

const README = path.resolve(__dirname, '..', '..', 'README.md');

/** The `run: |` block of the step that applies on main, as its lines. */
function applyStep(): string {
  const text = readFileSync(README, 'utf8');
  const yaml = /# \.github\/workflows\/syncs\.yml\n([\s\S]*?)```/.exec(text)?.[1];
  assert.ok(yaml, 'the README has the workflow');
  const lines = yaml.split('\n');
  const start = lines.findIndex((l) => /run: \|\s*$/.test(l) && /if: github\.ref == 'refs\/heads\/main'/.test(lines[lines.indexOf(l) - 1] ?? ''));
  assert.ok(start > 0, 'the apply step has a run block');
  const indent = /^\s*/.exec(lines[start + 1])![0];
  const block: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() !== '' && !line.startsWith(indent)) break;
    block.push(line.slice(indent.length));
  }
  return block.join('\n');
}

const FILE = `{
  "name": "Orders to Postgres",
  "mode": "snapshot",
  "source_connection_id": "${IDS.ordersDb}",
  "destination_connection_id": "${IDS.analyticsPostgres}",
  "destination_configuration": { "schema": "orders" },
  "default_schedule": { "frequency": "hourly", "minute": "15" },
  "schemas": ["public.orders"]
}
`;

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: cwd } });
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function runStep(script: string, cwd: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, env: { PATH: process.env.PATH, HOME: cwd, GIT_CONFIG_NOSYSTEM: '1', ...env } });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`the CI step did not finish within 30 s:\n${output}`));
    }, 30_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('the README CI example', () => {
  let sandbox: Sandbox;
  let root: string;
  before(async () => {
    sandbox = await startSandbox();
    root = mkdtempSync(path.join(tmpdir(), 'polysync-ci-'));
  });
  after(async () => {
    await sandbox.close();
    rmSync(root, { recursive: true, force: true });
  });

  /** A remote with one commit of an unlinked file, cloned; `accept` decides whether later pushes are taken. */
  function repository(name: string, accept: boolean): string {
    const remote = path.join(root, `${name}.git`);
    const seed = path.join(root, `${name}-seed`);
    const work = path.join(root, name);
    git(root, 'init', '-q', '--bare', '-b', 'main', remote);
    mkdirSync(path.join(seed, 'syncs'), { recursive: true });
    git(seed, 'init', '-q', '-b', 'main');
    writeFileSync(path.join(seed, 'syncs', 'orders.polysync.json'), FILE);
    git(seed, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '--allow-empty', '-m', 'start');
    git(seed, 'add', '.');
    git(seed, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'a sync');
    git(seed, 'push', '-q', remote, 'main');
    if (!accept) {
      const hook = path.join(remote, 'hooks', 'pre-receive');
      writeFileSync(hook, '#!/bin/sh\necho "protected branch: push rejected" >&2\nexit 1\n');
      chmodSync(hook, 0o755);
    }
    git(root, 'clone', '-q', remote, work);
    return work;
  }

  const step = () => applyStep().replace(/^polysync /gm, `node ${JSON.stringify(CLI)} `);
  const env = () => ({ POLYTOMIC_API_KEY: sandbox.keys.user, POLYTOMIC_API_URL: sandbox.url });

  test('the step has no "|| true" and runs polysync apply', () => {
    assert.match(applyStep(), /^polysync apply syncs\/ --yes$/m);
    // Comments may explain why; the commands must not hide a failure.
    assert.doesNotMatch(applyStep().replace(/#.*$/gm, ''), /\|\|\s*true/);
  });

  test('a rejected push fails the job (the sync was created and linked locally, and the run says so)', async () => {
    sandbox.reset();
    const work = repository('rejected', false);
    const r = await runStep(step(), work, env());
    assert.notEqual(r.code, 0, r.output);
    assert.match(r.output, /push rejected/);
    assert.equal(sandbox.state.syncs.length, 1);
    assert.match(readFileSync(path.join(work, 'syncs', 'orders.polysync.json'), 'utf8'), /"polysync"/);
  });

  test('after a rejected push, the next run creates no second sync: it fails naming the sync and the polysync link command', async () => {
    sandbox.reset();
    const work = repository('rejected-again', false);
    assert.notEqual((await runStep(step(), work, env())).code, 0);
    assert.equal(sandbox.state.syncs.length, 1);
    const created = sandbox.state.syncs[0].id;
    // The next run starts from the remote, where the file is still unlinked.
    const next = path.join(root, 'rejected-again-next');
    git(root, 'clone', '-q', path.join(root, 'rejected-again.git'), next);
    const r = await runStep(step(), next, env());
    assert.notEqual(r.code, 0, r.output);
    assert.match(r.output, new RegExp(`already exists: ${created}.*"polysync link syncs/orders\\.polysync\\.json ${created}"`));
    assert.equal(sandbox.state.syncs.length, 1, 'no second sync');
    assert.equal(readFileSync(path.join(next, 'syncs', 'orders.polysync.json'), 'utf8'), FILE, 'the file is left as it was');
  });

  test('an accepted push sends the linked file; a second run with nothing to change succeeds without a commit', async () => {
    sandbox.reset();
    const work = repository('accepted', true);
    const first = await runStep(step(), work, env());
    assert.equal(first.code, 0, first.output);
    const remoteFile = git(work, 'show', 'origin/main:syncs/orders.polysync.json');
    assert.match(remoteFile, /"sync_id": "[0-9a-f-]{36}"/);
    const again = await runStep(step(), work, env());
    assert.equal(again.code, 0, again.output);
    assert.equal(sandbox.state.syncs.length, 1, 'no second sync');
    assert.equal(git(work, 'rev-list', '--count', 'HEAD').trim(), '3');
  });
});
