// The friendlier edges of the API commands: a base URL ending in /api is named as the likely cause
// when every request 404s; times are local with their zone on a terminal (a real pseudo-terminal made
// by util-linux `script`, with TZ set), UTC in pipes and in JSON.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { BODY, inBothModes, UNLINKED } from './keepModes';
import { CLI } from './runCli';

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
const shellWord = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;

/** `polysync ARGS` with standard input, output and error on a pseudo-terminal; answers what it showed. */
function onTerminal(args: string[], env: Record<string, string>, cwd: string): Promise<{ code: number | null; screen: string }> {
  const command = [process.execPath, CLI, ...args].map(shellWord).join(' ');
  const childEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'xterm', ...env };
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd, env: childEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    let screen = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (screen += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (screen += chunk));
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`polysync ${args.join(' ')} on a terminal did not finish within 20 s:\n${screen}`));
    }, 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, screen });
    });
  });
}

/** An ISO time as the CLI shows it in Asia/Kolkata (UTC+5:30, no summer time). */
const inKolkata = (iso: string) => `${new Date(Date.parse(iso) + 5.5 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')} GMT\\+5:30`;

inBothModes('API edges', (t) => {
  test('a base URL ending in /api: every request 404s, and the message names the URL as the likely cause', async () => {
    const sync = t.sandbox.createSync(structuredClone(BODY));
    t.write('orders.polysync.json', `${JSON.stringify({ ...BODY, polysync: { sync_id: sync.id } }, null, 2)}\n`);
    const hint = new RegExp(`every request answered 404 Not Found, and the API URL ${t.sandbox.url}/api ends in /api: Polysync adds the /api/\\.\\.\\. paths itself, so that is the likely cause\\. Set --api-url \\(or POLYTOMIC_API_URL\\) to ${t.sandbox.url}\\.`);
    for (const args of [['diff', 'orders.polysync.json'], ['plan', 'orders.polysync.json'], ['status', 'orders.polysync.json'], ['link', 'orders.polysync.json', sync.id, '--force'], ['run', 'orders.polysync.json']]) {
      const r = await t.cli(args, { POLYTOMIC_API_URL: `${t.sandbox.url}/api` });
      assert.notEqual(r.code, 0, args.join(' '));
      assert.match(r.stderr, hint, `${args.join(' ')}: ${r.stderr}`);
    }
    // A sync that really is gone, at the right URL, is only "not found".
    t.sandbox.deleteSync(sync.id);
    const gone = await t.cli(['diff', 'orders.polysync.json']);
    assert.equal(gone.code, 2);
    assert.match(gone.stderr, /was not found/);
    assert.doesNotMatch(gone.stderr, /ends in \/api/);
  });

  test('times are local with their zone on a terminal (TZ honoured), the API\'s UTC in a pipe and in JSON', { skip: !hasScript && 'util-linux script is not installed' }, async () => {
    const sync = t.sandbox.createSync(structuredClone(BODY));
    t.write('orders.polysync.json', `{ "name": "Orders to Snowflake", "polysync": { "sync_id": "${sync.id}" } }\n`);
    t.sandbox.setExecutionPlan({ durationMs: 100, outcome: 'completed' });
    const run = await t.cli(['run', 'orders.polysync.json', '--wait', '--interval', '0.1']);
    assert.equal(run.code, 0, run.stderr);
    const ended = t.sandbox.state.stored.get(sync.id)!.executions[0].completed_at!;
    const env = { POLYTOMIC_API_KEY: t.sandbox.keys.user, POLYTOMIC_API_URL: t.sandbox.url, TZ: 'Asia/Kolkata' };

    const screen = await onTerminal(['status', 'orders.polysync.json', '--no-color'], env, t.dir);
    assert.equal(screen.code, 0, screen.screen);
    assert.match(screen.screen, new RegExp(`last run completed \\(ended ${inKolkata(ended)}\\)`));
    assert.ok(!screen.screen.includes(ended), 'no raw UTC string on the terminal');

    const piped = await t.cli(['status', 'orders.polysync.json'], { TZ: 'Asia/Kolkata' });
    assert.match(piped.stdout, new RegExp(`ended ${ended.replace(/[.]/g, '\\.')}`));
    const json = await onTerminal(['status', '--format', 'json', 'orders.polysync.json'], env, t.dir);
    assert.ok(json.screen.includes(`"completed_at": "${ended}"`), json.screen);

    // The sync a new file would duplicate is named with its last change, local on a terminal too.
    t.write('twin.polysync.json', UNLINKED);
    const changed = t.sandbox.state.stored.get(sync.id)!.sync.updated_at!;
    const twin = await onTerminal(['plan', 'twin.polysync.json', '--no-color'], env, t.dir);
    assert.equal(twin.code, 1, twin.screen);
    assert.match(twin.screen, new RegExp(`${sync.id} \\(last changed ${inKolkata(changed)}\\)`));
    const twinPiped = await t.cli(['plan', 'twin.polysync.json'], { TZ: 'Asia/Kolkata' });
    assert.ok(twinPiped.stdout.includes(`(last changed ${changed})`), twinPiped.stdout);
  });
});
