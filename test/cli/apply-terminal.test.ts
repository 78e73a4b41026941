// apply's [y/N] question on a real terminal: the bundled CLI runs inside a pseudo-terminal made by
// util-linux `script`, so standard input and error are a TTY as they are for a person; the answer is
// typed into that terminal once the question shows.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ordersToSnowflake } from '../sandbox/fixtures';
import { type Sandbox, startSandbox } from '../sandbox/server';
import { CLI, runCli } from './runCli';

const BODY = {
  ...ordersToSnowflake(),
  schemas: ['public.customers'],
};

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

interface TerminalRun {
  code: number | null;
  /** Everything the terminal showed (standard output and error together, as on a screen). */
  screen: string;
}

/** Quotes one word for `sh -c`. */
const shellWord = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;

/**
 * `polysync ARGS` on a pseudo-terminal. When the screen shows `prompt`, `keys` are typed; the
 * terminal stays open until the CLI exits. Fails after 20 s.
 */
function onTerminal(args: string[], env: Record<string, string>, cwd: string, prompt: RegExp, keys: string): Promise<TerminalRun> {
  const command = [process.execPath, CLI, ...args].map(shellWord).join(' ');
  const childEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'xterm', ...env };
  return new Promise((resolve, reject) => {
    // -q: no start and end lines; -e: the command's exit status; -c: the command; /dev/null: no log file.
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd, env: childEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    let screen = '';
    let typed = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      screen += chunk;
      if (!typed && prompt.test(screen)) {
        typed = true;
        child.stdin.write(keys);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (screen += chunk));
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`polysync ${args.join(' ')} on a terminal did not finish within 20 s; the screen:\n${screen}`));
    }, 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      child.stdin.destroy();
      resolve({ code, screen });
    });
  });
}

describe('apply asks on a real terminal', { skip: hasScript ? false : 'util-linux script is not installed' }, () => {
  let sandbox: Sandbox;
  let dir: string;
  let env: Record<string, string>;
  let syncId: string;
  const file = () => path.join(dir, 's.polysync.json');

  before(async () => {
    sandbox = await startSandbox();
    env = { POLYTOMIC_API_KEY: sandbox.keys.user, POLYTOMIC_API_URL: sandbox.url };
  });
  beforeEach(async () => {
    sandbox.reset();
    dir = mkdtempSync(path.join(tmpdir(), 'polysync-tty-'));
    syncId = sandbox.createSync(structuredClone(BODY)).id;
    const pulled = await runCli(['pull', syncId, '-o', 's.polysync.json'], env, dir);
    assert.equal(pulled.code, 0, pulled.stderr);
    writeFileSync(file(), readFileSync(file(), 'utf8').replace('"hour": "4"', '"hour": "6"'));
  });
  after(async () => {
    await sandbox.close();
  });
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  const hour = () => sandbox.state.syncs.find((s) => s.id === syncId)?.default_schedule?.hour;

  test('y applies the plan', async () => {
    const r = await onTerminal(['apply', 's.polysync.json'], env, dir, /\[y\/N\]/, 'y\r');
    assert.equal(r.code, 0, r.screen);
    assert.doesNotMatch(r.screen, /no terminal/);
    assert.match(r.screen, /updated bulk sync/);
    assert.equal(hour(), '6');
    assert.equal(sandbox.state.requests.filter((q) => q.method === 'PUT').length, 1);
    cleanup();
  });

  test('yes applies the plan too', async () => {
    const r = await onTerminal(['apply', 's.polysync.json'], env, dir, /\[y\/N\]/, 'yes\r');
    assert.equal(r.code, 0, r.screen);
    assert.equal(hour(), '6');
    cleanup();
  });

  for (const [label, keys] of [['n', 'n\r'], ['an empty answer', '\r'], ['anything else', 'sure\r'], ['Ctrl+D', '\x04'], ['Ctrl+C', '\x03']] as const) {
    test(`${label} applies nothing and says it was not confirmed`, async () => {
      const r = await onTerminal(['apply', 's.polysync.json'], env, dir, /\[y\/N\]/, keys);
      assert.equal(r.code, 1, r.screen);
      assert.match(r.screen, /not confirmed; nothing was changed/);
      assert.doesNotMatch(r.screen, /no terminal/);
      assert.equal(hour(), '4');
      assert.equal(sandbox.state.requests.filter((q) => q.method === 'PUT' || q.method === 'PATCH').length, 0);
      cleanup();
    });
  }
});
