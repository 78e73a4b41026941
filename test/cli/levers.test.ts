// The escape hatches, through the bundled CLI: suppression comments, polysync.config.json, colour,
// the previews (fmt --diff, check --fix-dry-run), and --fix writing each file once.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Sandbox, startSandbox } from '../sandbox/server';
import { BAD, cli, CLI, GOOD } from './fixtures';

// concurrency_limit 0 is a deliberate PS214 warning here.
const ZERO = GOOD.replace('"mode": "replicate",', '"mode": "replicate",\n  // polysync-disable-next-line PS214 -- paused on purpose\n  "concurrency_limit": 0,');
const ESC = '\u001b[';
const NO_COLOR_ENV = { FORCE_COLOR: undefined, NO_COLOR: undefined };

describe('polysync levers', () => {
  let dir: string;
  let n = 0;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'polysync-cli-levers-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** A fresh folder (a repository root: it holds .git, so no configuration above it is read). */
  const folder = (files: Record<string, string>) => {
    const root = path.join(dir, `case${n++}`);
    mkdirSync(path.join(root, '.git'), { recursive: true });
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      writeFileSync(path.join(root, name), text);
    }
    return root;
  };
  const run = (args: string[], cwd: string, env: Record<string, string | undefined> = {}, input?: string) => cli(args, cwd, { env: { ...NO_COLOR_ENV, ...env }, input });

  describe('suppression comments', () => {
    test('next-line and line comments silence the codes they name, and only on their line', () => {
      const text = ZERO.replace('"destination_configuration"', '"resync_concurrency_limit": 0, // polysync-disable-line PS214\n  "x_note": 0,\n  "destination_configuration"');
      const root = folder({ 'a.polysync.json': text });
      const r = run(['check', 'a.polysync.json'], root);
      assert.doesNotMatch(r.stdout, /PS214/, r.stdout);
      // The unknown property on the line below is not covered by either comment.
      assert.match(r.stdout, /a\.polysync\.json:\d+:3: error PS108/);
      assert.equal(r.code, 1);
    });

    test('a comment without codes silences every code on its line; block comments work too', () => {
      const text = GOOD.replace('"mode": "replicate",', '"mode": "replicate",\n  "x_note": 1, /* polysync-disable-line */\n  /* polysync-disable-next-line PS214 */\n  "concurrency_limit": 0,');
      const r = run(['check', 'a.polysync.json'], folder({ 'a.polysync.json': text }));
      assert.equal(r.stdout, '1 file checked: 0 errors, 0 warnings.\n');
      assert.equal(r.code, 0);
    });

    test('a comment, or a code in one, that silences nothing is reported where it is (PS007)', () => {
      const text = ZERO.replace('"name": "HubSpot to Postgres",', '"name": "HubSpot to Postgres", // polysync-disable-line PS204\n  // polysync-disable-next-line PS214, PS215, PS9999\n  "concurrency_limit": 0,').replace(/\n {2}\/\/ polysync-disable-next-line PS214 -- paused on purpose\n {2}"concurrency_limit": 0,/, '');
      const r = run(['check', 'a.polysync.json', '--format', 'json'], folder({ 'a.polysync.json': text }));
      const found = (JSON.parse(r.stdout) as { files: { diagnostics: { code: string; line: number; column: number; message: string }[] }[] }).files[0].diagnostics;
      assert.deepEqual(
        found.map((d) => [d.code, d.line, d.column]),
        [
          ['PS007', 3, 34],
          ['PS007', 4, 40],
          ['PS007', 4, 47],
        ],
        JSON.stringify(found, null, 2),
      );
      assert.match(found[0].message, /Unused `polysync-disable-line`: no PS204 on this line/);
      assert.match(found[2].message, /`PS9999` is not a Polysync code/);
      assert.equal(r.code, 0, 'PS007 is a warning');
    });

    test('an error a comment hides still stops create, and the message says why', () => {
      const text = GOOD.replace('"mode": "replicate",', '"mode": "replicate",\n  "x_note": 1, // polysync-disable-line PS108');
      const root = folder({ 'a.polysync.json': text });
      assert.equal(run(['check', 'a.polysync.json'], root).code, 0);
      const r = run(['create', 'a.polysync.json', '--dry-run'], root, { POLYTOMIC_API_KEY: undefined });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /error PS108 .*silenced in the editor by `polysync-disable-line` on line 5, but the API rejects this, so it still blocks create and apply/);
      assert.match(r.stderr, /nothing was sent/);
      assert.equal(r.stdout, '');
    });
  });

  describe('polysync.config.json', () => {
    const WARN2 = GOOD.replace('"mode": "replicate",', '"mode": "replicate",\n  "concurrency_limit": 0,\n  "schemas": [],');

    test('rules turn codes off or change their severity; a nearer file wins over a farther one', () => {
      const root = folder({
        'polysync.config.json': '{ "rules": { "PS214": "off", "PS216": "error" } }',
        'team/a.polysync.json': WARN2,
        'team/sub/polysync.config.json': '// this team keeps empty lists\n{ "rules": { "PS216": "info" } }',
        'team/sub/b.polysync.json': WARN2,
      });
      const r = run(['check', '.'], root);
      assert.doesNotMatch(r.stdout, /PS214/);
      assert.match(r.stdout, /team\/a\.polysync\.json:\d+:\d+: error PS216/);
      assert.match(r.stdout, /team\/sub\/b\.polysync\.json:\d+:\d+: info PS216/);
      assert.equal(r.code, 1);
    });

    test('the search stops at the repository root and at "root": true', () => {
      const outer = folder({ 'polysync.config.json': '{ "rules": { "PS214": "off" } }' });
      const inner = path.join(outer, 'repo');
      mkdirSync(path.join(inner, '.git'), { recursive: true });
      writeFileSync(path.join(inner, 'a.polysync.json'), WARN2);
      assert.match(run(['check', 'a.polysync.json'], inner).stdout, /warning PS214/, 'a configuration above the repository is not read');
      rmSync(path.join(inner, '.git'), { recursive: true });
      assert.doesNotMatch(run(['check', 'a.polysync.json'], inner).stdout, /PS214/, 'without .git the search goes on up');
      writeFileSync(path.join(inner, 'polysync.config.json'), '{ "root": true }');
      assert.match(run(['check', 'a.polysync.json'], inner).stdout, /warning PS214/, 'root: true stops it');
    });

    test('ignorePatterns, relative to the configuration file, skip found and named files alike', () => {
      const root = folder({
        'syncs/polysync.config.json': '{ "ignorePatterns": ["drafts/**", "*.old.polysync.json"] }',
        'syncs/drafts/d.polysync.json': BAD,
        'syncs/x.old.polysync.json': BAD,
        'syncs/ok.polysync.json': GOOD,
        'drafts/outside.polysync.json': BAD,
      });
      const r = run(['check', '.'], root);
      assert.match(r.stdout, /drafts\/outside\.polysync\.json/, 'a pattern holds below its own folder only');
      assert.doesNotMatch(r.stdout, /syncs\/drafts|x\.old/);
      assert.match(r.stdout, /^2 files checked/m);
      const named = run(['check', 'syncs/x.old.polysync.json', 'syncs/ok.polysync.json'], root);
      assert.match(named.stderr, /syncs\/x\.old\.polysync\.json: skipped: it matches "ignorePatterns" in syncs\/polysync\.config\.json/);
      assert.equal(named.stdout, '1 file checked: 0 errors, 0 warnings.\n');
      assert.equal(named.code, 0);
    });

    test('maxWarnings from the configuration of the current folder; --max-warnings wins', () => {
      const root = folder({ 'polysync.config.json': '{ "maxWarnings": 1 }', 'a.polysync.json': WARN2 });
      const r = run(['check', '.'], root);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /2 warnings, more than "maxWarnings" in polysync\.config\.json 1 allows/);
      assert.equal(run(['check', '.', '--max-warnings', '5'], root).code, 0);
    });

    test('a bad configuration gets located errors and exit 2, and what is right in it still applies', () => {
      const root = folder({
        'polysync.config.json': '{\n  "rules": { "PS214": "of", "PS216": "off", "PS99": "off" },\n  "maxWarning": 3\n}\n',
        'a.polysync.json': WARN2,
      });
      const r = run(['check', '.'], root);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^polysync\.config\.json:2:23: error The severity of PS214 is one of "off", "info", "warning", "error" \(got "of"\)\.$/m);
      assert.match(r.stderr, /^polysync\.config\.json:2:45: error `PS99` is not a Polysync code/m);
      assert.match(r.stderr, /^polysync\.config\.json:3:3: error Unknown key `maxWarning`; did you mean `maxWarnings`\?/m);
      assert.match(r.stdout, /warning PS214/);
      assert.doesNotMatch(r.stdout, /PS216/);
      const broken = folder({ 'polysync.config.json': '{ "rules": { "PS214": "off" ', 'a.polysync.json': GOOD });
      const b = run(['fmt', '--check', '.'], broken);
      assert.equal(b.code, 2);
      assert.match(b.stderr, /^polysync\.config\.json:1:\d+: error /m);
    });

    test('the sync commands read concurrency from it, and say where a bad value is', () => {
      const root = folder({ 'polysync.config.json': '{\n  "concurrency": 0\n}', 'a.polysync.json': GOOD });
      const r = run(['status', 'a.polysync.json'], root, { POLYTOMIC_API_KEY: undefined });
      assert.match(r.stderr, /^polysync\.config\.json:2:18: error `concurrency` takes a whole number from 1 to 8/m);
    });

    // BAD holds a misspelt mode (PS104) and a number for minute (PS110); a trailing comma adds PS004.
    const BAD_COMMA = BAD.replace('"schema": "hubspot" }', '"schema": "hubspot", }');

    test('--fix and --fix-dry-run leave a rule turned off alone and fix one raised to error', () => {
      const root = folder({ 'polysync.config.json': '{ "rules": { "PS110": "off", "PS004": "error" } }', 'a.polysync.json': BAD_COMMA });
      const dry = run(['check', '--fix-dry-run', 'a.polysync.json'], root);
      assert.match(dry.stdout, /^\+ {2}"mode": "replicate",$/m);
      assert.match(dry.stdout, /^\+ {2}"destination_configuration": \{ "schema": "hubspot" \},$/m);
      assert.doesNotMatch(dry.stdout, /"minute": "15"/, 'PS110 is off: its fix is not shown');
      assert.equal(readFileSync(path.join(root, 'a.polysync.json'), 'utf8'), BAD_COMMA);
      const fixed = run(['check', '--fix', 'a.polysync.json'], root);
      assert.equal(fixed.code, 0, fixed.stdout + fixed.stderr);
      assert.match(fixed.stderr, /fixed 2 problems in a\.polysync\.json/);
      assert.equal(readFileSync(path.join(root, 'a.polysync.json'), 'utf8'), BAD.replace('"replciate"', '"replicate"'));
      // Without the configuration, the same file gets all three fixes.
      const plain = folder({ 'a.polysync.json': BAD_COMMA });
      assert.equal(run(['check', '--fix', 'a.polysync.json'], plain).code, 0);
      assert.equal(readFileSync(path.join(plain, 'a.polysync.json'), 'utf8'), GOOD);
    });

    test('an error the configuration turns off or lowers still stops create and apply, naming the rule and the file', async () => {
      const sandbox: Sandbox = await startSandbox();
      try {
        const env = { POLYTOMIC_API_KEY: sandbox.keys.user, POLYTOMIC_API_URL: sandbox.url };
        const root = folder({ 'polysync.config.json': '{ "rules": { "PS110": "off", "PS104": "warning" } }', 'syncs/a.polysync.json': BAD });
        const checked = run(['check', 'syncs/a.polysync.json'], root);
        assert.match(checked.stdout, /warning PS104/);
        assert.doesNotMatch(checked.stdout, /PS110/);
        const created = run(['create', 'syncs/a.polysync.json'], root, env);
        assert.equal(created.code, 1, created.stderr);
        assert.match(created.stderr, /syncs\/a\.polysync\.json:\d+:\d+: error PS110 PS110 is turned off in polysync\.config\.json \(polysync\.config\.json\), but the API refuses it: /);
        assert.match(created.stderr, /error PS104 PS104 is set to "warning" in polysync\.config\.json \(polysync\.config\.json\), but the API refuses it: /);
        assert.match(created.stderr, /has 2 errors; nothing was sent/);
        const applied = run(['apply', '--yes', '.'], path.join(root, 'syncs'), env);
        assert.equal(applied.code, 1, applied.stderr);
        assert.match(applied.stderr, /error PS110 PS110 is turned off in polysync\.config\.json \(\.\.\/polysync\.config\.json\), but the API refuses it: /);
        assert.equal(sandbox.state.requests.filter((r) => r.method === 'POST').length, 0, 'nothing was created');
        // plan reads the configuration as apply does: the same refusal, in the same words.
        const planned = run(['plan', '.'], path.join(root, 'syncs'), env);
        assert.equal(planned.code, 2, planned.stderr);
        assert.match(planned.stderr, /error PS110 PS110 is turned off in polysync\.config\.json \(\.\.\/polysync\.config\.json\), but the API refuses it: /);
        // A rule the configuration raises to "error" stops apply, and so the plan.
        const raised = folder({ 'polysync.config.json': '{ "rules": { "PS216": "error" } }', 'a.polysync.json': WARN2 });
        const raisedApply = run(['apply', '--yes', 'a.polysync.json'], raised, env);
        assert.equal(raisedApply.code, 1, raisedApply.stderr);
        assert.match(raisedApply.stderr, /error PS216/);
        const raisedPlan = run(['plan', 'a.polysync.json'], raised, env);
        assert.equal(raisedPlan.code, 2, raisedPlan.stdout + raisedPlan.stderr);
        assert.match(raisedPlan.stderr, /error PS216/);
        assert.match(raisedPlan.stderr, /a\.polysync\.json has 1 error; apply would not send it/);
        assert.equal(sandbox.state.requests.filter((r) => r.method === 'POST').length, 0, 'nothing was created');
      } finally {
        await sandbox.close();
      }
    });

    test('its schema names every diagnostic code', () => {
      const schema = JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', 'schemas', 'polysync.config.schema.json'), 'utf8')) as { properties: { rules: { properties: object } } };
      const docs = readFileSync(path.resolve(__dirname, '..', '..', 'docs', 'diagnostics.md'), 'utf8');
      const documented = [...docs.matchAll(/^### (PS\d{3})$/gm)].map((m) => m[1]);
      assert.deepEqual(Object.keys(schema.properties.rules.properties).sort(), documented.sort());
    });
  });

  describe('colour', () => {
    const files = () => folder({ 'a.polysync.json': BAD });
    test('none when standard output is not a terminal; --color, FORCE_COLOR turn it on; --no-color wins over FORCE_COLOR', () => {
      const root = files();
      assert.ok(!run(['check', '.'], root).stdout.includes(ESC));
      assert.match(run(['check', '.', '--color'], root).stdout, /\u001b\[31merror\u001b\[39m/);
      assert.ok(run(['check', '.'], root, { FORCE_COLOR: '1' }).stdout.includes(ESC));
      assert.ok(!run(['check', '.'], root, { FORCE_COLOR: '0' }).stdout.includes(ESC));
      assert.ok(!run(['check', '.', '--no-color'], root, { FORCE_COLOR: '1' }).stdout.includes(ESC));
      assert.ok(!run(['--color', 'check', '.', '--no-color'], root).stdout.includes(ESC), 'the last one given wins');
    });

    test('on a terminal by default, and NO_COLOR turns it off there', () => {
      const root = files();
      const onTerminal = (env: string) => spawnSync('script', ['-qec', `env ${env} ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} check .`, '/dev/null'], { cwd: root, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '', NO_COLOR: '' } });
      const plain = onTerminal('-u FORCE_COLOR -u NO_COLOR');
      assert.match(plain.stdout, /\u001b\[31merror\u001b\[39m/, plain.stdout);
      assert.ok(!onTerminal('-u FORCE_COLOR NO_COLOR=1').stdout.includes(ESC));
    });

    test('every command takes --color and --no-color', () => {
      const root = files();
      for (const command of ['diff', 'apply', 'status', 'pull', 'run', 'create', 'fmt', 'check']) {
        const r = run([command, '--no-color', '--help'], root);
        assert.equal(r.code, 0, `${command}: ${r.stderr}`);
      }
    });
  });

  describe('previews', () => {
    test('fmt --diff prints a unified diff, writes nothing and exits 1; 0 when formatted', () => {
      const formatted = run(['fmt', '-'], dir, {}, GOOD).stdout;
      const MESSY = formatted.replace('"name": "HubSpot to Postgres",', '"name":"HubSpot to Postgres",');
      const root = folder({ 'm.polysync.json': MESSY, 'g.polysync.json': formatted });
      const r = run(['fmt', '--diff', '.'], root);
      assert.equal(r.code, 1, r.stderr);
      assert.equal(
        r.stdout,
        ['--- a/m.polysync.json', '+++ b/m.polysync.json', '@@ -1,6 +1,6 @@', ' {', '   // HubSpot contacts into Postgres', '-  "name":"HubSpot to Postgres",', '+  "name": "HubSpot to Postgres",', '   "mode": "replicate",', '   "source_connection_id": "3f9e2d41-8c7b-4a6e-b5d0-1c2e3f4a5b60",', '   "destination_connection_id": "c5d7e9f1-3a5b-4c7d-9e1f-2a4b6c8d0e90",', ''].join('\n'),
      );
      assert.equal(readFileSync(path.join(root, 'm.polysync.json'), 'utf8'), MESSY);
      const clean = run(['fmt', '--diff', 'g.polysync.json'], root);
      assert.deepEqual([clean.code, clean.stdout], [0, '']);
      const piped = run(['fmt', '--diff', '-'], root, {}, MESSY);
      assert.equal(piped.code, 1);
      assert.match(piped.stdout, /^--- a\/<stdin>\n\+\+\+ b\/<stdin>\n@@ -1,6 \+1,6 @@/);
    });

    test('check --fix-dry-run prints what --fix would change, writes nothing, reports what would be left and exits 1', () => {
      const root = folder({ 'b.polysync.json': BAD, 'g.polysync.json': GOOD });
      const r = run(['check', '--fix-dry-run', '.'], root);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stdout, /^--- a\/b\.polysync\.json\n\+\+\+ b\/b\.polysync\.json\n@@ /);
      assert.match(r.stdout, /^- {2}"mode": "replciate",$/m);
      assert.match(r.stdout, /^\+ {2}"mode": "replicate",$/m);
      assert.match(r.stdout, /^\+ {2}"default_schedule": \{ "frequency": "hourly", "minute": "15" \}$/m);
      assert.match(r.stdout, /2 files checked: 0 errors, 0 warnings\.\n$/);
      assert.match(r.stderr, /--fix would change 1 file \(nothing was written\)/);
      assert.equal(readFileSync(path.join(root, 'b.polysync.json'), 'utf8'), BAD);
      const clean = run(['check', '--fix-dry-run', 'g.polysync.json'], root);
      assert.deepEqual([clean.code, clean.stdout], [0, '1 file checked: 0 errors, 0 warnings.\n']);
      assert.equal(run(['check', '--fix-dry-run', '--format', 'json', '.'], root).code, 2);
      assert.equal(run(['check', '--fix-dry-run', '-'], root, {}, BAD).code, 1);
    });

    test('check --fix fixes and writes a file reached through a symbolic link once', () => {
      const root = folder({ 'syncs/real.polysync.json': BAD });
      symlinkSync('real.polysync.json', path.join(root, 'syncs', 'link.polysync.json'));
      const r = run(['check', '--fix', 'syncs', 'syncs/real.polysync.json'], root);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, '1 file checked: 0 errors, 0 warnings.\n');
      assert.equal((r.stderr.match(/fixed/g) ?? []).length, 1, r.stderr);
      assert.equal(readFileSync(path.join(root, 'syncs', 'real.polysync.json'), 'utf8'), BAD.replace('"replciate"', '"replicate"').replace('"minute": 15', '"minute": "15"'));
    });
  });
});
